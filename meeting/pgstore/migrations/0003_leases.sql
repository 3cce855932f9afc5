-- Schema 3: edit leases. One PC edits a meeting's draft at a time: it holds the
-- meeting's lease and renews it (a heartbeat) while its window is open; the others
-- follow the meeting read-only. A lease that was not renewed within its ttl has
-- lapsed and may be taken over. All times are the server's (now()), never a PC's
-- clock, so that PCs whose clocks differ agree on who holds what.
--
-- session is the Store (one open connection pool of one Backstop process) holding
-- the lease: the store refuses a change of the meeting from any other session while
-- the lease is live (see lease.go). token names one taking of the lease, so that a
-- holder that lapsed and was taken over learns so when it renews.
CREATE TABLE leases (
	meeting_id bigint PRIMARY KEY REFERENCES meetings ON DELETE CASCADE,
	holder     text NOT NULL CHECK (holder <> ''), -- the PC and user, as the app names them
	session    text NOT NULL,
	token      text NOT NULL,
	ttl        interval NOT NULL CHECK (ttl > interval '0'),
	taken_at   timestamptz NOT NULL,
	renewed_at timestamptz NOT NULL,
	expires_at timestamptz NOT NULL -- renewed_at + ttl
);

-- A lease is not a record: the app takes, renews and gives it back.
GRANT SELECT, INSERT, UPDATE, DELETE ON leases TO backstop_app;
GRANT SELECT ON leases TO backstop_records;
