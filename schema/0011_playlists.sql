-- 0011_playlists.sql: a user's ordered lists of videos. Positions run
-- 1..n within a list with no gap: changes lock the list's row, shift the
-- items in one transaction and are checked at commit (the unique key is
-- deferred, so a shift may pass through duplicates). A video deleted by
-- anyone takes its items with it; the trigger closes the gaps it leaves.
CREATE TABLE IF NOT EXISTS playlists (
	id		uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	owner_id	uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	title		text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
	description	text NOT NULL DEFAULT ''
			CHECK (char_length(description) <= 5000),
	visibility	text NOT NULL DEFAULT 'public'
			CHECK (visibility IN ('public', 'unlisted', 'private')),
	created_at	timestamptz NOT NULL DEFAULT now(),
	updated_at	timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS playlists_owner_idx
	ON playlists (owner_id, created_at DESC, id DESC);

CREATE TABLE IF NOT EXISTS playlist_items (
	playlist_id	uuid NOT NULL REFERENCES playlists (id) ON DELETE CASCADE,
	video_id	uuid NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
	position	integer NOT NULL CHECK (position > 0),
	added_at	timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (playlist_id, video_id),
	CONSTRAINT playlist_items_position_key UNIQUE (playlist_id, position)
		DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX IF NOT EXISTS playlist_items_video_idx ON playlist_items (video_id);

-- After items went (one removed, or a video deleted): number the rest of
-- each list they left 1..n again, under the list's lock.
CREATE OR REPLACE FUNCTION playlist_items_close_gaps() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	PERFORM 1 FROM playlists WHERE id IN (SELECT playlist_id FROM gone)
	    ORDER BY id FOR UPDATE;
	UPDATE playlist_items i SET position = r.n
	    FROM (SELECT playlist_id, video_id, row_number() OVER (PARTITION BY
	    playlist_id ORDER BY position) AS n FROM playlist_items WHERE
	    playlist_id IN (SELECT playlist_id FROM gone)) r
	    WHERE i.playlist_id = r.playlist_id AND i.video_id = r.video_id AND
	    i.position <> r.n;
	RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER playlist_items_close_gaps
	AFTER DELETE ON playlist_items REFERENCING OLD TABLE AS gone
	FOR EACH STATEMENT EXECUTE FUNCTION playlist_items_close_gaps();
