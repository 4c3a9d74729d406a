-- 0009_progressive.sql: a video still transcoding can be watched from the
-- segments already published (playable), and a job that was interrupted
-- says from which second of the source its last attempt went on.
ALTER TABLE videos ADD COLUMN IF NOT EXISTS playable boolean NOT NULL
	DEFAULT false;
ALTER TABLE transcode_jobs ADD COLUMN IF NOT EXISTS resumed_at numeric(12, 3)
	CHECK (resumed_at >= 0);
