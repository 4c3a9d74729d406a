-- 0001_init.sql: every table of vstream, as in the design notes (section 4).
-- Applied once, in one transaction, by `vstreamctl migrate`.

CREATE EXTENSION IF NOT EXISTS pgcrypto;	-- gen_random_uuid() on PG < 13

CREATE TABLE users (
	id		uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	username	text NOT NULL UNIQUE
			CHECK (username ~ '^[a-z0-9_.-]{3,32}$'),
	email		text NOT NULL CHECK (length(email) BETWEEN 3 AND 254
			AND position('@' IN email) > 1),
	password_hash	text NOT NULL CHECK (password_hash LIKE '$2b$%'),
	role		text NOT NULL DEFAULT 'user'
			CHECK (role IN ('user', 'premium', 'moderator', 'admin')),
	email_verified	boolean NOT NULL DEFAULT false,
	email_verified_at timestamptz,
	display_name	text CHECK (length(display_name) <= 64),
	bio		text CHECK (length(bio) <= 2000),
	banned_at	timestamptz,
	ban_reason	text CHECK (length(ban_reason) <= 500),
	ban_until	timestamptz,
	banned_by	uuid REFERENCES users (id) ON DELETE SET NULL,
	oauth_provider	text CHECK (length(oauth_provider) <= 32),
	oauth_subject	text CHECK (length(oauth_subject) <= 255),
	last_login_at	timestamptz,
	created_at	timestamptz NOT NULL DEFAULT now(),
	updated_at	timestamptz NOT NULL DEFAULT now(),
	CHECK ((oauth_provider IS NULL) = (oauth_subject IS NULL)),
	CHECK (ban_until IS NULL OR banned_at IS NOT NULL)
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));
CREATE UNIQUE INDEX users_oauth_key ON users (oauth_provider, oauth_subject)
	WHERE oauth_provider IS NOT NULL;
CREATE INDEX users_role_idx ON users (role);

CREATE TABLE videos (
	id		uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	owner_id	uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	title		text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
	description	text NOT NULL DEFAULT ''
			CHECK (length(description) <= 5000),
	visibility	text NOT NULL DEFAULT 'public'
			CHECK (visibility IN ('public', 'unlisted', 'private')),
	status		text NOT NULL DEFAULT 'uploaded'
			CHECK (status IN ('uploaded', 'queued', 'processing',
			'ready', 'failed')),
	hidden		boolean NOT NULL DEFAULT false,
	hidden_reason	text,
	failure_reason	text,
	progress	smallint NOT NULL DEFAULT 0
			CHECK (progress BETWEEN 0 AND 100),
	source_name	text CHECK (length(source_name) <= 255),
	source_ext	text CHECK (source_ext ~ '^[a-z0-9]{1,8}$'),
	source_size	bigint CHECK (source_size >= 0),
	source_container text,
	source_video_codec text,
	source_audio_codec text,
	source_bitrate	bigint CHECK (source_bitrate >= 0),
	width		integer CHECK (width > 0),
	height		integer CHECK (height > 0),
	frame_rate	numeric(8, 3) CHECK (frame_rate > 0),
	rotation	smallint NOT NULL DEFAULT 0
			CHECK (rotation IN (0, 90, 180, 270)),
	has_audio	boolean,
	duration	numeric(12, 3) CHECK (duration >= 0),
	renditions	jsonb NOT NULL DEFAULT '[]'::jsonb,
	thumbnail_size	bigint CHECK (thumbnail_size >= 0),
	storage_bytes	bigint NOT NULL DEFAULT 0 CHECK (storage_bytes >= 0),
	view_count	bigint NOT NULL DEFAULT 0 CHECK (view_count >= 0),
	search		tsvector GENERATED ALWAYS AS (
			setweight(to_tsvector('simple', title), 'A') ||
			setweight(to_tsvector('simple', description), 'B'))
			STORED,
	created_at	timestamptz NOT NULL DEFAULT now(),
	updated_at	timestamptz NOT NULL DEFAULT now(),
	ready_at	timestamptz
);
CREATE INDEX videos_search_idx ON videos USING gin (search);
CREATE INDEX videos_owner_idx ON videos (owner_id, created_at DESC, id DESC);
CREATE INDEX videos_listing_idx ON videos (created_at DESC, id DESC)
	WHERE status = 'ready' AND visibility = 'public' AND NOT hidden;
CREATE INDEX videos_popular_idx ON videos (view_count DESC, id DESC)
	WHERE status = 'ready' AND visibility = 'public' AND NOT hidden;
CREATE INDEX videos_status_idx ON videos (status);

CREATE TABLE transcode_jobs (
	id		uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	video_id	uuid NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
	state		text NOT NULL DEFAULT 'queued'
			CHECK (state IN ('queued', 'running', 'done', 'failed',
			'cancelled')),
	priority	smallint NOT NULL DEFAULT 0,
	attempts	integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
	max_attempts	integer NOT NULL DEFAULT 3 CHECK (max_attempts > 0),
	run_after	timestamptz NOT NULL DEFAULT now(),
	leased_by	text,
	lease_until	timestamptz,
	progress	smallint NOT NULL DEFAULT 0
			CHECK (progress BETWEEN 0 AND 100),
	last_error	text,
	created_at	timestamptz NOT NULL DEFAULT now(),
	started_at	timestamptz,
	finished_at	timestamptz,
	updated_at	timestamptz NOT NULL DEFAULT now(),
	CHECK (state <> 'running' OR lease_until IS NOT NULL)
);
CREATE INDEX transcode_jobs_claim_idx ON transcode_jobs
	(priority DESC, run_after, created_at) WHERE state = 'queued';
CREATE INDEX transcode_jobs_lease_idx ON transcode_jobs (lease_until)
	WHERE state = 'running';
CREATE INDEX transcode_jobs_video_idx ON transcode_jobs (video_id);
-- At most one open job per video: a requeue reuses it.
CREATE UNIQUE INDEX transcode_jobs_open_key ON transcode_jobs (video_id)
	WHERE state IN ('queued', 'running');

-- Each worker process says it is alive; the admin pages show the last word.
CREATE TABLE workers (
	name		text PRIMARY KEY CHECK (length(name) <= 255),
	hostname	text NOT NULL,
	pid		integer NOT NULL,
	version		text NOT NULL,
	concurrency	integer NOT NULL CHECK (concurrency > 0),
	running		integer NOT NULL DEFAULT 0 CHECK (running >= 0),
	started_at	timestamptz NOT NULL DEFAULT now(),
	heartbeat_at	timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE video_views (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	video_id	uuid NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
	viewer_id	uuid REFERENCES users (id) ON DELETE SET NULL,
	viewer_key	text NOT NULL CHECK (length(viewer_key) <= 128),
	watch_seconds	integer NOT NULL DEFAULT 0 CHECK (watch_seconds >= 0),
	viewed_at	timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX video_views_video_idx ON video_views (video_id, viewed_at);

CREATE TABLE video_analytics (
	video_id	uuid NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
	day		date NOT NULL,
	views		bigint NOT NULL DEFAULT 0 CHECK (views >= 0),
	unique_viewers	bigint NOT NULL DEFAULT 0 CHECK (unique_viewers >= 0),
	watch_seconds	bigint NOT NULL DEFAULT 0 CHECK (watch_seconds >= 0),
	PRIMARY KEY (video_id, day)
);
CREATE INDEX video_analytics_day_idx ON video_analytics (day);

CREATE TABLE user_analytics (
	user_id		uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	day		date NOT NULL,
	uploads		integer NOT NULL DEFAULT 0 CHECK (uploads >= 0),
	upload_bytes	bigint NOT NULL DEFAULT 0 CHECK (upload_bytes >= 0),
	views_received	bigint NOT NULL DEFAULT 0 CHECK (views_received >= 0),
	PRIMARY KEY (user_id, day)
);

CREATE TABLE content_reports (
	id		uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	video_id	uuid NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
	reporter_id	uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	reason		text NOT NULL CHECK (reason IN ('spam', 'abuse',
			'sexual', 'violence', 'copyright', 'illegal', 'other')),
	details		text NOT NULL DEFAULT ''
			CHECK (length(details) <= 2000),
	status		text NOT NULL DEFAULT 'pending'
			CHECK (status IN ('pending', 'reviewed', 'resolved')),
	resolution	text CHECK (resolution IN ('dismissed', 'video_hidden',
			'video_deleted', 'user_banned')),
	note		text CHECK (length(note) <= 2000),
	reviewed_by	uuid REFERENCES users (id) ON DELETE SET NULL,
	reviewed_at	timestamptz,
	created_at	timestamptz NOT NULL DEFAULT now(),
	CHECK (status = 'pending' OR reviewed_by IS NOT NULL
	    OR reviewed_at IS NOT NULL)
);
CREATE INDEX content_reports_queue_idx ON content_reports (status, created_at);
CREATE INDEX content_reports_video_idx ON content_reports (video_id);
-- One open report per user and video.
CREATE UNIQUE INDEX content_reports_open_key
	ON content_reports (video_id, reporter_id) WHERE status = 'pending';

CREATE TABLE audit_logs (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	actor_id	uuid REFERENCES users (id) ON DELETE SET NULL,
	actor_name	text NOT NULL,
	action		text NOT NULL CHECK (action ~ '^[a-z_.]{1,64}$'),
	target_type	text NOT NULL CHECK (target_type ~ '^[a-z_]{1,32}$'),
	target_id	text,
	client_addr	inet,
	before		jsonb,
	after		jsonb,
	created_at	timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_logs_time_idx ON audit_logs (created_at DESC, id DESC);
CREATE INDEX audit_logs_actor_idx ON audit_logs (actor_id, created_at DESC);
CREATE INDEX audit_logs_target_idx ON audit_logs (target_type, target_id);
CREATE INDEX audit_logs_action_idx ON audit_logs (action, created_at DESC);

CREATE TABLE refresh_tokens (
	id		uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	user_id		uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	family_id	uuid NOT NULL,
	token_hash	bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
	replaced_by	uuid REFERENCES refresh_tokens (id) ON DELETE SET NULL,
	revoked_at	timestamptz,
	expires_at	timestamptz NOT NULL,
	created_at	timestamptz NOT NULL DEFAULT now(),
	client_addr	inet,
	user_agent	text CHECK (length(user_agent) <= 512)
);
CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id);
CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);

CREATE TABLE upload_sessions (
	id		uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	user_id		uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	upload_length	bigint NOT NULL CHECK (upload_length >= 0),
	upload_offset	bigint NOT NULL DEFAULT 0
			CHECK (upload_offset BETWEEN 0 AND upload_length),
	metadata	jsonb NOT NULL DEFAULT '{}'::jsonb,
	state		text NOT NULL DEFAULT 'open'
			CHECK (state IN ('open', 'complete', 'failed',
			'terminated')),
	video_id	uuid REFERENCES videos (id) ON DELETE SET NULL,
	expires_at	timestamptz NOT NULL,
	created_at	timestamptz NOT NULL DEFAULT now(),
	updated_at	timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX upload_sessions_user_idx ON upload_sessions (user_id);
CREATE INDEX upload_sessions_expiry_idx ON upload_sessions (expires_at)
	WHERE state = 'open';
