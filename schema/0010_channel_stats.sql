-- 0010_channel_stats.sql: what the stats page shows beyond the daily
-- analytics. Retention: for each video, how many views reached each of
-- 100 equal parts of it (a view counts in every part up to the furthest
-- position it reported). Referrers: the origins (scheme://host[:port],
-- nothing more) views came from, counted per video.
CREATE TABLE IF NOT EXISTS video_retention (
	video_id	uuid NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
	bucket		smallint NOT NULL CHECK (bucket BETWEEN 0 AND 99),
	views		bigint NOT NULL DEFAULT 0 CHECK (views >= 0),
	PRIMARY KEY (video_id, bucket)
);
CREATE TABLE IF NOT EXISTS video_referrers (
	video_id	uuid NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
	origin		text NOT NULL CHECK (length(origin) BETWEEN 8 AND 200),
	views		bigint NOT NULL DEFAULT 0 CHECK (views >= 0),
	PRIMARY KEY (video_id, origin)
);
