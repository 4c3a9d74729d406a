-- 0004_upload_reservations.sql: the room a multipart upload holds in its
-- owner's quota while its body arrives. A row is made under the owner's
-- quota lock before the first byte is read, renewed while bytes come, and
-- removed when the video is recorded or the upload fails; one whose
-- expiry has passed no longer counts (a crashed process).
CREATE TABLE IF NOT EXISTS upload_reservations (
	id		uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	user_id		uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	bytes		bigint NOT NULL CHECK (bytes >= 0),
	expires_at	timestamptz NOT NULL,
	created_at	timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS upload_reservations_user_idx
	ON upload_reservations (user_id);
