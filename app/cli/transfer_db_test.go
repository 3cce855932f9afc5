package cli

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"backstop/export/archive"
	"backstop/meeting"
	"backstop/meeting/pgstore"
	"backstop/meeting/store"
)

// transferOffice is one office of a transfer test: a data folder, with a shared
// database or without (its own data file).
type transferOffice struct {
	dir string
	db  string // the database URL, "" for the data file
}

// run runs the command line as the office.
func (o transferOffice) run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	if o.db != "" {
		args = append([]string{"--db", o.db}, args...)
	}
	return run(t, o.dir, args...)
}

func (o transferOffice) mustRun(t *testing.T, args ...string) string {
	t.Helper()
	code, out, errs := o.run(t, args...)
	if code != ExitOK {
		t.Fatalf("%v: exit %d: %s", args, code, errs)
	}
	return out
}

// open opens the office's store; a data file must be closed again before the office
// runs a command.
func (o transferOffice) open(t *testing.T) Store {
	t.Helper()
	var st Store
	var err error
	if o.db != "" {
		st, err = pgstore.Open(context.Background(), o.db)
	} else {
		st, err = store.Open(o.dir)
	}
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// finalizedMeeting makes the office's meeting 1: imported, finalized, signed and
// delivered to 公证处 with a signed receipt, so that it has three archived files.
func (o transferOffice) finalizedMeeting(t *testing.T) meeting.ID {
	t.Helper()
	id := lastLine(o.mustRun(t, "import", example))
	o.mustRun(t, "finalize", "-meeting", id)
	scan := filepath.Join(t.TempDir(), "signed.png")
	os.WriteFile(scan, append([]byte("\x89PNG\r\n\x1a\n"), "signed"...), 0o600)
	o.mustRun(t, "attach", "-meeting", id, scan)
	receipt := filepath.Join(t.TempDir(), "receipt.png")
	os.WriteFile(receipt, append([]byte("\x89PNG\r\n\x1a\n"), "receipt"...), 0o600)
	o.mustRun(t, "deliver", "-meeting", id, "-dept", "公证处", "-how", "邮寄", "-by", "吴芳", "-on", "2026-10-13", "-receipt", receipt)
	m, err := meetingID(id)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// archivedFiles returns the archived files a meeting records, SHA-256 → path.
func archivedFiles(m meeting.Meeting) map[string]string {
	out := map[string]string{}
	for _, rev := range m.Revisions {
		if rev.PDFHash != "" {
			out[rev.PDFHash] = rev.PDFPath
		}
		for _, sc := range rev.Scans {
			out[sc.Hash] = sc.Path
		}
		for _, d := range rev.Deliveries {
			if d.Receipt != nil {
				out[d.Receipt.Hash] = d.Receipt.Path
			}
		}
	}
	return out
}

// records returns the case and meeting records of a selection as the office's store
// exports them (the directory entries are each office's own and left out).
func records(t *testing.T, st Store, sel meeting.TransferSelection) map[string][]byte {
	t.Helper()
	set, err := st.(transferStore).TransferOut(sel)
	if err != nil {
		t.Fatal(err)
	}
	delete(set.Records, meeting.TransferDepartments)
	return set.Records
}

// TestTransferBetweenBackends: a package written on either backend imports into the
// other, the records arriving byte for byte, the chains verifying on the receiver,
// the archived files (in the database too, on PostgreSQL) with their hashes, and a
// second import of a record changed since reported as a conflict that overwrites
// nothing.
func TestTransferBetweenBackends(t *testing.T) {
	for _, tt := range []struct {
		name             string
		sending, receive func(t *testing.T) transferOffice
	}{
		{"bbolt to PostgreSQL",
			func(t *testing.T) transferOffice { return transferOffice{dir: t.TempDir()} },
			func(t *testing.T) transferOffice { return transferOffice{dir: t.TempDir(), db: sharedDatabase(t)} }},
		{"PostgreSQL to bbolt",
			func(t *testing.T) transferOffice { return transferOffice{dir: t.TempDir(), db: sharedDatabase(t)} },
			func(t *testing.T) transferOffice { return transferOffice{dir: t.TempDir()} }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			township := tt.sending(t)
			id := township.finalizedMeeting(t)
			// On PostgreSQL the package is written on another PC of the township,
			// whose archive folder is empty: the files come from the database.
			exporter := township
			if township.db != "" {
				exporter.dir = t.TempDir()
			}
			file := filepath.Join(t.TempDir(), "梅城镇 2026-10.bstx")
			out := exporter.mustRun(t, "transfer-export", "-o", file, "-from", "梅城镇便民服务中心", "-meeting", strconv.FormatUint(uint64(id), 10))
			if !strings.Contains(out, "2 个诉求，1 个会议，3 个存档文件") {
				t.Errorf("transfer-export: %q", out)
			}

			city := tt.receive(t)
			out = city.mustRun(t, "transfer-import", file)
			for _, want := range []string{"转办包来自：梅城镇便民服务中心", "新增 3 条，已有且相同 0 条，冲突 0 条", "复制存档文件 3 个", "新增：会议「〔2026〕1号"} {
				if !strings.Contains(out, want) {
					t.Errorf("transfer-import lacks %q:\n%s", want, out)
				}
			}
			if out := city.mustRun(t, "verify", "--all"); !strings.Contains(out, "存档完好") || strings.Contains(out, "不符") {
				t.Errorf("verify --all on the receiver: %s", out)
			}

			src, dst := township.open(t), city.open(t)
			sent, err := src.Meeting(id)
			if err != nil {
				t.Fatal(err)
			}
			ms, err := dst.Meetings(meeting.MeetingFilter{})
			if err != nil || len(ms) != 1 {
				t.Fatalf("the receiver has %d meetings (%v), want 1", len(ms), err)
			}
			got := ms[0]
			if got.UID != sent.UID || got.Revisions[0].Fingerprint != sent.Revisions[0].Fingerprint {
				t.Errorf("received meeting %s (fingerprint %s), sent %s (fingerprint %s)",
					got.UID, got.Revisions[0].Fingerprint, sent.UID, sent.Revisions[0].Fingerprint)
			}
			if problems, err := dst.VerifyAll(); err != nil || len(problems) > 0 {
				t.Errorf("VerifyAll on the receiver: %+v, %v", problems, err)
			}
			audit, err := dst.Audit(got.ID)
			if err != nil || len(audit) != 1 || !strings.Contains(audit[0].Detail, "来自梅城镇便民服务中心") {
				t.Errorf("the receiver's audit log: %+v, %v", audit, err)
			}
			sentRecords := records(t, src, meeting.TransferSelection{Meetings: []meeting.ID{id}})
			gotRecords := records(t, dst, meeting.TransferSelection{Meetings: []meeting.ID{got.ID}})
			if len(sentRecords) != 3 || len(gotRecords) != len(sentRecords) {
				t.Errorf("records: sent %d, received %d", len(sentRecords), len(gotRecords))
			}
			for name, data := range sentRecords {
				if !bytes.Equal(gotRecords[name], data) {
					t.Errorf("%s differs on the receiver:\nsent:     %s\nreceived: %s", name, data, gotRecords[name])
				}
			}

			// The archived files, by hash: in the receiver's archive folder, and in
			// its database when it keeps them.
			files := archivedFiles(got)
			if want := archivedFiles(sent); len(files) != 3 || len(want) != 3 {
				t.Errorf("archived files: sent %d, received %d", len(want), len(files))
			}
			for hash, rel := range files {
				if _, ok := archivedFiles(sent)[hash]; !ok {
					t.Errorf("received file %s (%s) was never sent", rel, hash)
				}
				b, err := os.ReadFile(archive.Path(city.dir, rel))
				if sum := sha256.Sum256(b); err != nil || hex.EncodeToString(sum[:]) != hash {
					t.Errorf("archive file %s: %v, SHA-256 %x, want %s", rel, err, sum, hash)
				}
				if k, ok := archive.Keeper(dst); ok {
					if _, err := k.File(rel, hash); err != nil {
						t.Errorf("the receiver's database lacks %s: %v", rel, err)
					}
				} else if city.db != "" {
					t.Error("the PostgreSQL store is no FileKeeper")
				}
			}
			if _, err := os.Stat(filepath.Join(city.dir, "backstop.db")); city.db != "" && err == nil {
				t.Error("the receiver made a data file of its own although it uses the database")
			}

			src.Close()
			dst.Close()

			// The same package again adds nothing.
			if out := city.mustRun(t, "transfer-import", file); !strings.Contains(out, "新增 0 条，已有且相同 3 条，冲突 0 条") {
				t.Errorf("second import: %s", out)
			}
			// The township adds to the case's request and sends it again: a conflict,
			// reported, and the city's case stays as it was.
			src = township.open(t)
			cases, err := src.Cases(meeting.CaseFilter{})
			if err != nil {
				t.Fatal(err)
			}
			c := cases[len(cases)-1]
			c.Request += "（镇中心补充：申请人已补交材料）"
			if err := src.SaveCase(&c); err != nil {
				t.Fatal(err)
			}
			src.Close()
			again := filepath.Join(t.TempDir(), "again.bstx")
			exporter.mustRun(t, "transfer-export", "-o", again, "-from", "梅城镇便民服务中心", "-meeting", strconv.FormatUint(uint64(id), 10))
			code, out, errs := city.run(t, "transfer-import", again)
			if code != ExitUser || !strings.Contains(out, "冲突 1 条") || !strings.Contains(out, "冲突：诉求「"+c.Title) ||
				!strings.Contains(out, "诉求内容") || !strings.Contains(errs, "1 条记录与本机记录冲突") {
				t.Errorf("import of the changed case: exit %d\n%s%s", code, out, errs)
			}
			dst = city.open(t)
			defer dst.Close()
			after, err := dst.Cases(meeting.CaseFilter{})
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range after {
				if a.UID == c.UID && a.Request == c.Request {
					t.Error("the conflicting import overwrote the receiver's case")
				}
			}
		})
	}
}
