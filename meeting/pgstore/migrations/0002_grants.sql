-- Privileges of the roles roles.sql creates. The app may add to the audit log and
-- to the archived files but not change or remove them: that is the server's rule,
-- not only ours. Numbers and snapshots are never deleted either.
DO $check$
BEGIN
	IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'backstop_app')
		OR NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'backstop_records') THEN
		RAISE EXCEPTION 'roles backstop_app and backstop_records are missing: run roles.sql first'
			USING ERRCODE = 'undefined_object';
	END IF;
END
$check$;

REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC;

GRANT SELECT ON schema_migrations, store_meta TO backstop_app;
GRANT SELECT, INSERT, UPDATE ON departments, cases, numbers, revisions TO backstop_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON meetings, agenda_links, pending_pdfs, followups, calendars TO backstop_app;
GRANT SELECT, INSERT ON audit_log, archive_files TO backstop_app;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO backstop_app;

GRANT SELECT ON ALL TABLES IN SCHEMA public TO backstop_records;
