-- 0003_access_gen.sql: every video gets an access generation, named in the
-- signed links of its playlists and media. Withdrawing access moves it on,
-- which ends every link made before. The triggers move it in the statement
-- that withdraws, whichever program (or person at psql) runs that statement:
-- made private, hidden, or its owner banned. A deleted video has no row, and
-- its links end with it.

ALTER TABLE videos ADD COLUMN IF NOT EXISTS access_gen bigint NOT NULL
	DEFAULT 1 CHECK (access_gen > 0);

CREATE OR REPLACE FUNCTION videos_withdraw() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF (NEW.visibility = 'private' AND OLD.visibility <> 'private') OR
	    (NEW.hidden AND NOT OLD.hidden) THEN
		NEW.access_gen := OLD.access_gen + 1;
	END IF;
	RETURN NEW;
END $$;

CREATE OR REPLACE TRIGGER videos_withdraw
	BEFORE UPDATE OF visibility, hidden ON videos
	FOR EACH ROW EXECUTE FUNCTION videos_withdraw();

CREATE OR REPLACE FUNCTION users_withdraw() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.banned_at IS NOT NULL AND
	    NEW.banned_at IS DISTINCT FROM OLD.banned_at THEN
		UPDATE videos SET access_gen = access_gen + 1
		    WHERE owner_id = NEW.id;
	END IF;
	RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER users_withdraw
	AFTER UPDATE OF banned_at ON users
	FOR EACH ROW EXECUTE FUNCTION users_withdraw();
