-- Schema 4: the change feed. Every committed change of a record that a list, the
-- board or the statistics show notifies the channel backstop_changes, so that the
-- other PCs refresh (see changes.go). Triggers rather than the store's code: they
-- catch every writer (each method of the store, the importer, the bulk loader of
-- the migration tool, an administrator's SQL), and the notification is sent only if
-- the transaction commits, as PostgreSQL delivers NOTIFY at commit.
--
-- The payload is short JSON: {"kind": "meeting", "id": 12, "session": "…", "pc": "…"}.
-- kind is meeting, case, department, followup, calendar (id is the year) or lease
-- (id is the meeting); session and pc name the Store and PC that made the change,
-- as the store sets them on each of its connections (null for other clients).
-- PostgreSQL delivers identical payloads of one transaction once: a finalization
-- that writes its meeting three times notifies once.
--
-- A bulk load may SET LOCAL backstop.notify = 'off' to send none (nobody follows an
-- office's database while it is being filled).
CREATE FUNCTION backstop_notify_change() RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE
	r jsonb;
BEGIN
	IF current_setting('backstop.notify', true) = 'off' THEN
		RETURN NULL;
	END IF;
	IF TG_OP = 'DELETE' THEN
		r := to_jsonb(OLD);
	ELSE
		r := to_jsonb(NEW);
	END IF;
	PERFORM pg_notify('backstop_changes', json_build_object(
		'kind', TG_ARGV[0],
		'id', (r ->> TG_ARGV[1])::bigint,
		'session', current_setting('backstop.session', true),
		'pc', left(current_setting('backstop.origin', true), 200))::text);
	RETURN NULL;
END
$fn$;

CREATE TRIGGER meetings_changed AFTER INSERT OR DELETE ON meetings
	FOR EACH ROW EXECUTE FUNCTION backstop_notify_change('meeting', 'id');
CREATE TRIGGER meetings_updated AFTER UPDATE ON meetings
	FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION backstop_notify_change('meeting', 'id');

CREATE TRIGGER cases_changed AFTER INSERT OR DELETE ON cases
	FOR EACH ROW EXECUTE FUNCTION backstop_notify_change('case', 'id');
CREATE TRIGGER cases_updated AFTER UPDATE ON cases
	FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION backstop_notify_change('case', 'id');

CREATE TRIGGER departments_changed AFTER INSERT OR DELETE ON departments
	FOR EACH ROW EXECUTE FUNCTION backstop_notify_change('department', 'id');
CREATE TRIGGER departments_updated AFTER UPDATE ON departments
	FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION backstop_notify_change('department', 'id');

CREATE TRIGGER followups_changed AFTER INSERT OR DELETE ON followups
	FOR EACH ROW EXECUTE FUNCTION backstop_notify_change('followup', 'id');
CREATE TRIGGER followups_updated AFTER UPDATE ON followups
	FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION backstop_notify_change('followup', 'id');

CREATE TRIGGER calendars_changed AFTER INSERT OR DELETE ON calendars
	FOR EACH ROW EXECUTE FUNCTION backstop_notify_change('calendar', 'year');
CREATE TRIGGER calendars_updated AFTER UPDATE ON calendars
	FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION backstop_notify_change('calendar', 'year');

-- A heartbeat renews the lease without a notification; taking it, a takeover and
-- giving it back notify, so that the followers can say who edits.
CREATE TRIGGER leases_changed AFTER INSERT OR DELETE ON leases
	FOR EACH ROW EXECUTE FUNCTION backstop_notify_change('lease', 'meeting_id');
CREATE TRIGGER leases_updated AFTER UPDATE ON leases
	FOR EACH ROW WHEN (OLD.token IS DISTINCT FROM NEW.token OR OLD.holder IS DISTINCT FROM NEW.holder)
	EXECUTE FUNCTION backstop_notify_change('lease', 'meeting_id');
