// Package migrate copies a whole bbolt store into an empty PostgreSQL store, for an
// office that moves from one PC's data file to a shared server (backstop migrate).
//
// It owns the copy and its check: every record keeps its ID (so audit entries,
// follow-up items, snapshots and archive paths keep pointing at the right meeting),
// the audit log keeps its order and times, the year counters and ID sequences
// continue where the source stopped, and every archive file a revision, scan or
// receipt records is read from the archive folder, checked against its SHA-256 and
// stored in the database. It then checks the copy: verify --all on both sides, the
// row counts, every record read back through the read methods of both stores, and
// every copied file fetched back.
//
// It only reads the source (store.Contents and the read methods of meeting.Store)
// and the archive folder; it never writes to either. It decides nothing about
// meetings, and knows nothing of command-line flags or windows: the caller opens both
// stores and says what to print.
package migrate

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"backstop/meeting"
	"backstop/meeting/pgstore"
	"backstop/meeting/store"
)

// Report says what Copy copied and what its check found.
type Report struct {
	Copied Counts // records and files stored in the target
	// FileProblems are the archive files the source records but that are missing
	// from the archive folder, unreadable, or do not have the SHA-256 recorded: they
	// were not copied (the target, like the source, lacks a good copy of them).
	FileProblems []FileProblem
	// SourceProblems and TargetProblems are what VerifyAll reports on each store;
	// a faithful copy reports the same, a healthy store nothing.
	SourceProblems, TargetProblems []meeting.ChainProblem
	// Differences names every way the copy read back differs from the source, in
	// Chinese: a count, a record, a file. Empty when the copy is faithful.
	Differences []string
}

// Counts are the records and files of a store.
type Counts struct {
	Departments, Cases, Meetings, Revisions, FollowUps, Audit, Calendars, Files int
}

// FileProblem is an archive file that could not be copied.
type FileProblem struct {
	Path    string     // relative to the archive folder, slash-separated
	Meeting meeting.ID // the meeting whose record names it
	Message string     // in Chinese
}

// SameVerification reports whether verify --all finds the same on both stores.
func (r *Report) SameVerification() bool {
	return slices.Equal(r.SourceProblems, r.TargetProblems)
}

// OK reports whether the copy is complete and faithful: every file copied, no
// difference found, and the same verification result on both sides.
func (r *Report) OK() bool {
	return len(r.FileProblems) == 0 && len(r.Differences) == 0 && r.SameVerification()
}

// Copy copies the bbolt store src, with the files of its archive folder archiveDir,
// into dst, which must be empty (a new database, migrated: see pgstore.Load, which
// also says which login it needs). The records are loaded in one transaction
// together with the files: a failure leaves dst empty, and Copy can be run again.
// Then the copy is checked (see Report). progress, when not nil, is told in Chinese
// what is being done.
//
// The error is for a copy that did not happen: dst not empty, a login without the
// privileges, a damaged source, a lost connection. A copy that happened but is not
// faithful, or lacks files, returns a Report whose OK is false and a nil error.
//
// src is only read. It must stay open and unchanged while Copy runs (open it for the
// migration only; bbolt's lock keeps the app out). dst must be opened with the
// owner's login (see pgstore.Load) and with a timeout long enough for its VerifyAll
// (pgstore.WithTimeout): ctx bounds the load, but VerifyAll and the reads of the
// check are operations of the store, each bounded by its own timeout, and VerifyAll
// of 10,000 meetings takes 10–30 s on the benchmark machine (a whole Copy of that
// office about 90 s).
func Copy(ctx context.Context, src *store.Store, archiveDir string, dst *pgstore.Store, progress func(string)) (Report, error) {
	say := func(format string, args ...any) {
		if progress != nil {
			progress(fmt.Sprintf(format, args...))
		}
	}
	var r Report
	say("正在读取数据文件 %s …", src.Path())
	contents, err := src.Contents()
	if err != nil {
		return r, err
	}
	files, conflicts := archiveFiles(&contents)
	batch := batchOf(&contents)
	say("正在写入数据库 %s：%d 个会议、%d 个诉求、%d 条督办事项、%d 条审计记录、%d 个存档文件 …",
		dst.Where(), len(batch.Meetings), len(batch.Cases), len(batch.FollowUps), len(batch.Audit), len(files))
	var copied []archiveFile
	batch.Files = func(put func(path string, content []byte, hash string) error) error {
		copied, r.FileProblems = nil, slices.Clone(conflicts) // nothing of an earlier attempt counts
		for i, f := range files {
			if i%100 == 0 && i > 0 {
				say("已复制 %d / %d 个存档文件 …", i, len(files))
			}
			content, problem := readArchiveFile(archiveDir, f)
			if problem != "" {
				r.FileProblems = append(r.FileProblems, FileProblem{Path: f.path, Meeting: f.meeting, Message: problem})
				continue
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := put(f.path, content, f.hash); err != nil {
				return err
			}
			copied = append(copied, f)
		}
		return nil
	}
	if err := dst.Load(ctx, &batch); err != nil {
		return Report{}, err
	}
	r.Copied = countsOf(&contents)
	r.Copied.Files = len(copied)

	say("正在核验：两边各运行 verify --all，逐条比对记录和存档文件 …")
	if r.SourceProblems, err = src.VerifyAll(); err != nil {
		return r, err
	}
	if r.TargetProblems, err = dst.VerifyAll(); err != nil {
		return r, err
	}
	if !r.SameVerification() {
		r.Differences = append(r.Differences, fmt.Sprintf(
			"verify --all 的结果不同：数据文件发现 %d 个问题，数据库发现 %d 个。", len(r.SourceProblems), len(r.TargetProblems)))
	}
	diffs, err := compare(src, dst, &contents, copied)
	if err != nil {
		return r, err
	}
	r.Differences = append(r.Differences, diffs...)
	if r.OK() {
		say("迁移完成，核验一致：%d 个会议、%d 个诉求、%d 个存档文件。", r.Copied.Meetings, r.Copied.Cases, r.Copied.Files)
	}
	return r, nil
}

// countsOf counts the records of the source.
func countsOf(c *store.Contents) Counts {
	return Counts{
		Departments: len(c.Departments), Cases: len(c.Cases), Meetings: len(c.Meetings), Revisions: len(c.Revisions),
		FollowUps: len(c.FollowUps), Audit: len(c.Audit), Calendars: len(c.Calendars),
	}
}

// batchOf turns the source's records into the target's batch: the same values, the
// same IDs.
func batchOf(c *store.Contents) pgstore.Batch {
	b := pgstore.Batch{
		Departments: c.Departments,
		Cases:       c.Cases,
		Meetings:    c.Meetings,
		Calendars:   c.Calendars,
		PendingPDFs: c.PendingPDFs,
		Numbers:     c.Numbers,
		LastIDs: pgstore.LastIDs{
			Departments: int64(c.LastIDs.Departments), Cases: int64(c.LastIDs.Cases), Meetings: int64(c.LastIDs.Meetings),
			FollowUps: int64(c.LastIDs.FollowUps), Audit: int64(c.LastIDs.Audit),
		},
	}
	for _, r := range c.Revisions {
		b.Revisions = append(b.Revisions, pgstore.LoadRevision{Meeting: r.Meeting, N: r.N, Minutes: r.Minutes})
	}
	for _, f := range c.FollowUps {
		b.FollowUps = append(b.FollowUps, pgstore.LoadFollowUp(f))
	}
	for _, a := range c.Audit {
		b.Audit = append(b.Audit, pgstore.LoadAudit{Seq: int64(a.Seq), Meeting: a.Meeting, Entry: a.Entry})
	}
	return b
}

// archiveFile is one file of the archive a record names.
type archiveFile struct {
	path, hash string
	meeting    meeting.ID
}

// archiveFiles lists the files the records name (revision PDFs, signed scans,
// receipts), each path once, in meeting order. The meetings' records and their
// snapshots name the same files; both are read, so that a file only one of them
// still names is copied too. A path named with two different hashes cannot be
// copied as both: the second is returned as a problem.
func archiveFiles(c *store.Contents) ([]archiveFile, []FileProblem) {
	var out []archiveFile
	var problems []FileProblem
	seen := map[string]string{}
	add := func(id meeting.ID, path, hash string) {
		if path == "" {
			return
		}
		if was, ok := seen[path]; ok {
			if was != hash {
				problems = append(problems, FileProblem{Path: path, Meeting: id, Message: fmt.Sprintf(
					"存档路径 %s 被记录了两个不同的文件（SHA-256 %s 和 %s），只复制了前一个。请运行 backstop verify --all 检查会议（编号 %d）。", path, was, hash, id)})
			}
			return
		}
		seen[path] = hash
		out = append(out, archiveFile{path: path, hash: hash, meeting: id})
	}
	revisions := func(id meeting.ID, revs []meeting.Revision) {
		for _, rev := range revs {
			add(id, rev.PDFPath, rev.PDFHash)
			for _, sc := range rev.Scans {
				add(id, sc.Path, sc.Hash)
			}
			for _, d := range rev.Deliveries {
				if d.Receipt != nil {
					add(id, d.Receipt.Path, d.Receipt.Hash)
				}
			}
		}
	}
	for _, m := range c.Meetings {
		revisions(m.ID, m.Revisions)
	}
	for _, r := range c.Revisions {
		revisions(r.Meeting, r.Minutes.Meeting.Revisions)
	}
	return out, problems
}

// readArchiveFile reads one file from the archive folder and checks its SHA-256; it
// returns why the file cannot be copied, or "".
func readArchiveFile(archiveDir string, f archiveFile) ([]byte, string) {
	if !fs.ValidPath(f.path) {
		return nil, fmt.Sprintf("会议（编号 %d）记录的存档路径「%s」无效，未复制。", f.meeting, f.path)
	}
	name := filepath.Join(archiveDir, filepath.FromSlash(f.path))
	content, err := os.ReadFile(name)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Sprintf("存档文件 %s 不存在（会议编号 %d 的记录需要它），未复制。请从备份中找回该文件放回原处后重新迁移。", name, f.meeting)
	case err != nil:
		return nil, fmt.Sprintf("无法读取存档文件 %s（%v），未复制。", name, err)
	}
	sum := sha256.Sum256(content)
	if got := hex.EncodeToString(sum[:]); got != f.hash {
		return nil, fmt.Sprintf("存档文件 %s 与记录的 SHA-256 不符（记录 %s，实际 %s），可能被改动或损坏，未复制。请从备份中找回原文件后重新迁移。", name, f.hash, got)
	}
	return content, ""
}
