-- 0008_captions.sql: caption tracks, one per video and language. The file
-- itself is media/<video>/captions/<lang>.vtt, written by vstream from
-- the upload after checking it; a video has at most one default track.
CREATE TABLE IF NOT EXISTS captions (
	video_id	uuid NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
	lang		text NOT NULL CHECK (length(lang) BETWEEN 2 AND 35),
	label		text NOT NULL CHECK (char_length(label) BETWEEN 1 AND 64),
	is_default	boolean NOT NULL DEFAULT false,
	created_at	timestamptz NOT NULL DEFAULT now(),
	updated_at	timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (video_id, lang)
);
CREATE UNIQUE INDEX IF NOT EXISTS captions_default_idx
	ON captions (video_id) WHERE is_default;
