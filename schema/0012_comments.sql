-- 0012_comments.sql: comments under videos, one level of replies, and
-- their reports for the moderators' queue. A deleted comment that still
-- has replies keeps its row (and its place) with its text emptied; the
-- owner of a video may turn its comments off (then they are read-only).
ALTER TABLE videos ADD COLUMN IF NOT EXISTS comments_enabled boolean
	NOT NULL DEFAULT true;

CREATE TABLE IF NOT EXISTS comments (
	id		uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	video_id	uuid NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
	parent_id	uuid REFERENCES comments (id) ON DELETE CASCADE,
	author_id	uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	body		text NOT NULL,
	created_at	timestamptz NOT NULL DEFAULT now(),
	edited_at	timestamptz,
	deleted_at	timestamptz,
	CHECK (parent_id IS DISTINCT FROM id),
	CHECK ((deleted_at IS NULL AND char_length(body) BETWEEN 1 AND 5000)
	    OR (deleted_at IS NOT NULL AND body = ''))
);
-- The pages of a video's comments, both ways, and each one's replies.
CREATE INDEX IF NOT EXISTS comments_video_idx
	ON comments (video_id, created_at, id) WHERE parent_id IS NULL;
CREATE INDEX IF NOT EXISTS comments_parent_idx
	ON comments (parent_id, created_at, id) WHERE parent_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS comments_author_idx ON comments (author_id);

CREATE TABLE IF NOT EXISTS comment_reports (
	id		uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	comment_id	uuid NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
	reporter_id	uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	reason		text NOT NULL CHECK (reason IN ('spam', 'abuse',
			'sexual', 'violence', 'copyright', 'illegal', 'other')),
	details		text NOT NULL DEFAULT ''
			CHECK (length(details) <= 2000),
	status		text NOT NULL DEFAULT 'pending'
			CHECK (status IN ('pending', 'reviewed', 'resolved')),
	resolution	text CHECK (resolution IN ('dismissed',
			'comment_deleted', 'user_banned')),
	note		text CHECK (length(note) <= 2000),
	reviewed_by	uuid REFERENCES users (id) ON DELETE SET NULL,
	reviewed_at	timestamptz,
	created_at	timestamptz NOT NULL DEFAULT now(),
	CHECK (status = 'pending' OR reviewed_by IS NOT NULL
	    OR reviewed_at IS NOT NULL)
);
CREATE INDEX IF NOT EXISTS comment_reports_queue_idx
	ON comment_reports (status, created_at);
CREATE INDEX IF NOT EXISTS comment_reports_comment_idx
	ON comment_reports (comment_id);
-- One open report per user and comment.
CREATE UNIQUE INDEX IF NOT EXISTS comment_reports_open_key
	ON comment_reports (comment_id, reporter_id) WHERE status = 'pending';
