-- Roles of a Backstop database. Run once per PostgreSQL cluster, as a superuser or
-- a role with CREATEROLE, before the first start of Backstop on the server
-- (psql -f roles.sql). It is safe to run again. docs/postgres.md says how to add the
-- login users that are members of these roles.
--
--   backstop_owner    owns the tables; Backstop connected as a member of it applies
--                     the schema migrations. Not for daily use.
--   backstop_app      what the PCs of the office connect as (through a login member):
--                     reads and writes records, but may only add to the audit log and
--                     to the archived files, never change or remove them.
--   backstop_records  the records office: reads everything, writes nothing.
--
-- The privileges themselves are granted by the migrations (0002_grants.sql), table
-- by table, since the tables do not exist yet when this runs.
DO $roles$
BEGIN
	IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'backstop_owner') THEN
		CREATE ROLE backstop_owner NOLOGIN;
	END IF;
	IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'backstop_app') THEN
		CREATE ROLE backstop_app NOLOGIN;
	END IF;
	IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'backstop_records') THEN
		CREATE ROLE backstop_records NOLOGIN;
	END IF;
END
$roles$;
