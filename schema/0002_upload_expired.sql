-- 0002_upload_expired.sql: resumable uploads past their expiry are marked
-- 'expired' by the worker's housekeeping, which removes their files.
ALTER TABLE upload_sessions DROP CONSTRAINT IF EXISTS upload_sessions_state_check;
ALTER TABLE upload_sessions ADD CONSTRAINT upload_sessions_state_check
	CHECK (state IN ('open', 'complete', 'failed', 'terminated', 'expired'));
