-- 0013_embedded_captions.sql: caption tracks the worker took from the
-- source's own text subtitle streams ('embedded'), beside those an owner
-- uploaded ('upload'); and the subtitle streams it did not take, with the
-- reason, replaced each time the video's job runs.
ALTER TABLE captions ADD COLUMN IF NOT EXISTS source text NOT NULL
	DEFAULT 'upload' CHECK (source IN ('upload', 'embedded'));
CREATE TABLE IF NOT EXISTS caption_skips (
	video_id	uuid NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
	stream		integer NOT NULL CHECK (stream >= 0),
	codec		text NOT NULL CHECK (length(codec) BETWEEN 1 AND 32),
	lang		text NOT NULL CHECK (length(lang) <= 35),
	reason		text NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 300),
	PRIMARY KEY (video_id, stream)
);
