package pgstore

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"backstop/meeting"
)

// The tests here run other Backstop processes: the test binary again, running
// TestProcessChild in the role childRoleEnv names, on the database of childURLEnv
// and the meetings of childMeetingsEnv. A child prints one line per event; the
// parent reads them as they come and writes lines to its standard input to let it
// go on.
const childRoleEnv = "BACKSTOP_PG_CHILD_ROLE"

// TestProcessChild is not a test of its own: it is the other process of
// TestKilledDuringFinalize and TestTwoProcessesEditOneMeeting.
func TestProcessChild(t *testing.T) {
	role, url, list := os.Getenv(childRoleEnv), os.Getenv(childURLEnv), os.Getenv(childMeetingsEnv)
	if role == "" {
		t.Skip("helper process of the tests of processes")
	}
	s, err := Open(context.Background(), url, WithMaxConns(2), WithOrigin("PC-B"))
	if err != nil {
		fmt.Printf("error %v\n", err)
		return
	}
	defer s.Close()
	var ids []meeting.ID
	for _, field := range strings.Split(list, ",") {
		id, _ := strconv.ParseUint(field, 10, 64)
		ids = append(ids, meeting.ID(id))
	}
	stdin := bufio.NewReader(os.Stdin)
	at := time.Date(2026, 10, 12, 11, 30, 0, 0, time.UTC)
	switch role {
	case "finalize-and-hang":
		// Finalize the meeting and stop inside the transaction, as if writing the PDF,
		// until killed.
		_, err := s.FinalizeWith(ids[0], at, func(mn meeting.Minutes) (meeting.PDFFile, error) {
			fmt.Printf("placing %d\n", mn.Meeting.Number.Seq)
			select {}
		})
		fmt.Printf("error %v\n", err)
	case "finalize-all":
		fmt.Println("ready")
		for _, id := range ids {
			mn, err := s.Finalize(id, at)
			if err != nil {
				fmt.Printf("error %d %v\n", id, err)
				continue
			}
			fmt.Printf("number %d %d\n", id, mn.Meeting.Number.Seq)
		}
		fmt.Println("done")
	case "editor":
		// PC B opens the meeting A edits, types, and saves; when A lets go it takes
		// over and saves what it typed.
		_, err := s.TakeLease(ids[0], "PC-B 李静", time.Minute)
		fmt.Printf("take %s %s\n", meeting.ErrorCode(err), meeting.ErrorMessage(err))
		m, err := s.Meeting(ids[0])
		if err != nil {
			fmt.Printf("error %v\n", err)
			return
		}
		m.Title = "B 输入的标题"
		m.Agenda[0].Decisions[0].Text = "B 输入的议定事项。"
		err = s.SaveMeeting(&m)
		fmt.Printf("save %s %s\n", meeting.ErrorCode(err), meeting.ErrorMessage(err))
		fmt.Printf("kept %s|%s\n", m.Title, m.Agenda[0].Decisions[0].Text)
		if _, err := stdin.ReadString('\n'); err != nil {
			return
		}
		_, err = s.TakeLease(ids[0], "PC-B 李静", time.Minute)
		fmt.Printf("take %s %s\n", meeting.ErrorCode(err), meeting.ErrorMessage(err))
		err = s.SaveMeeting(&m)
		fmt.Printf("save %s %s\n", meeting.ErrorCode(err), meeting.ErrorMessage(err))
	default:
		fmt.Printf("error unknown role %q\n", role)
	}
}

// process is a running child.
type process struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	lines  chan string // closed at the end of its output
	stderr strings.Builder
}

// startProcess runs TestProcessChild in role on db with the meetings ids.
func startProcess(t *testing.T, db testDB, role string, ids ...meeting.ID) *process {
	t.Helper()
	list := make([]string, len(ids))
	for i, id := range ids {
		list[i] = strconv.FormatUint(uint64(id), 10)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestProcessChild$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), childRoleEnv+"="+role, childURLEnv+"="+db.url(appLogin), childMeetingsEnv+"="+strings.Join(list, ","))
	p := &process{cmd: cmd, lines: make(chan string, 1024)}
	cmd.Stderr = &p.stderr
	var err error
	if p.stdin, err = cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer close(p.lines)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			p.lines <- sc.Text()
		}
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-done // os/exec: read the pipe to its end before Wait
		_ = cmd.Wait()
	})
	return p
}

// expect returns the next line of the child that starts with prefix, skipping the
// test framework's, and fails on an "error" line or after a minute.
func (p *process) expect(t *testing.T, prefix string) string {
	t.Helper()
	deadline := time.After(time.Minute)
	for {
		select {
		case line, ok := <-p.lines:
			if !ok {
				t.Fatalf("the child ended before %q (stderr: %s)", prefix, p.stderr.String())
			}
			if strings.HasPrefix(line, "error") {
				t.Fatalf("child: %s", line)
			}
			if strings.HasPrefix(line, prefix) {
				return strings.TrimPrefix(line, prefix)
			}
		case <-deadline:
			t.Fatalf("no %q from the child within a minute", prefix)
		}
	}
}

// kill9 kills the child with SIGKILL and waits for its end.
func (p *process) kill9(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	for range p.lines {
	}
	if err := p.cmd.Wait(); err == nil {
		t.Fatalf("the child survived SIGKILL")
	}
}

// TestKilledDuringFinalize: a client killed with SIGKILL in the middle of
// finalizing leaves no half revision: first at a known point (inside the
// transaction, having drawn its number, while writing the PDF), then at random
// moments of a run of finalizations. Afterwards every meeting is either a complete
// revision (snapshot, number, follow-up items, audit entry) or the draft it was;
// the numbers used are 1…n, each by one complete revision, and the next
// finalization gets n+1: a number the killed client drew but did not commit is
// still free.
func TestKilledDuringFinalize(t *testing.T) {
	db := newDB(t)
	s := db.openAs(t, appLogin)
	c := saveTestCase(t, s)
	var ids []meeting.ID
	for i := range 41 {
		m := finalizable(c.ID, meeting.Date{Year: 2026, Month: time.Month(1 + i%12), Day: 1 + i%28})
		if err := s.SaveMeeting(&m); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, m.ID)
	}

	p := startProcess(t, db, "finalize-and-hang", ids[0])
	if drawn := p.expect(t, "placing "); drawn != "1" {
		t.Fatalf("the child drew number %s, want 1", drawn)
	}
	p.kill9(t)
	checkFinalizations(t, db, s, ids, 0)

	// Random moments: kill after a few finalizations reported and a random delay.
	finalized := 0
	for round := range 3 {
		batch := ids[1+round*13 : 1+(round+1)*13]
		p := startProcess(t, db, "finalize-all", batch...)
		p.expect(t, "ready")
		for range 3 + round*2 {
			p.expect(t, "number ")
		}
		time.Sleep(time.Duration(time.Now().UnixNano()%7000) * time.Microsecond)
		p.kill9(t)
		finalized = checkFinalizations(t, db, s, ids, finalized)
	}
	mn, err := s.Finalize(ids[0], time.Date(2026, 10, 13, 9, 0, 0, 0, time.UTC))
	if err != nil || mn.Meeting.Number.Seq != finalized+1 {
		t.Errorf("the next finalization: number %s (%v), want %d", mn.Meeting.Number, err, finalized+1)
	}
	if problems, err := s.VerifyAll(); err != nil || len(problems) > 0 {
		t.Errorf("VerifyAll after the kills: %v, %v", problems, err)
	}
	t.Logf("killed during finalization 4 times: %d meetings finalized completely, numbers 1–%d, the rest drafts without revision", finalized, finalized)
}

// checkFinalizations checks every meeting of ids after a kill: finalized with a
// complete revision, or a draft without any; the numbers used are 1…n once each,
// and the year's counter is n (at least previous). It returns n.
func checkFinalizations(t *testing.T, db testDB, s *Store, ids []meeting.ID, previous int) int {
	t.Helper()
	conn := db.connect(t, appLogin)
	ctx := context.Background()
	used := map[int]meeting.ID{}
	for _, id := range ids {
		m, err := s.Meeting(id)
		if err != nil {
			t.Fatal(err)
		}
		var revisions, items, finalizeEntries int
		if err := conn.QueryRow(ctx, `SELECT (SELECT count(*) FROM revisions WHERE meeting_id = $1),
			(SELECT count(*) FROM followups WHERE meeting_id = $1),
			(SELECT count(*) FROM audit_log WHERE meeting_id = $1 AND entry->>'action' = 'finalize')`, int64(id)).Scan(&revisions, &items, &finalizeEntries); err != nil {
			t.Fatal(err)
		}
		switch m.State {
		case meeting.StateDraft:
			if revisions != 0 || items != 0 || finalizeEntries != 0 || !m.Number.IsZero() || len(m.Revisions) != 0 {
				t.Errorf("draft %d: %d snapshots, %d follow-up items, %d finalize entries, number %s: half a revision", id, revisions, items, finalizeEntries, m.Number)
			}
		case meeting.StateFinalized:
			if revisions != 1 || items != 1 || finalizeEntries != 1 || m.Number.Seq == 0 || len(m.Revisions) != 1 {
				t.Errorf("finalized %d: %d snapshots, %d follow-up items, %d finalize entries, number %s: not a complete revision", id, revisions, items, finalizeEntries, m.Number)
			}
			if other, dup := used[m.Number.Seq]; dup {
				t.Errorf("number %d on meetings %d and %d", m.Number.Seq, other, id)
			}
			used[m.Number.Seq] = id
		default:
			t.Errorf("meeting %d: state %s", id, m.State)
		}
	}
	for n := 1; n <= len(used); n++ {
		if _, ok := used[n]; !ok {
			t.Errorf("number %d unused while %d revisions are numbered: a gap", n, len(used))
		}
	}
	var last int
	err := conn.QueryRow(ctx, "SELECT coalesce((SELECT last FROM numbers WHERE year = 2026), 0)").Scan(&last)
	if err != nil || last != len(used) || last < previous {
		t.Errorf("the year's counter is %d (%v), %d revisions numbered (before: %d)", last, err, len(used), previous)
	}
	return len(used)
}

// TestTwoProcessesEditOneMeeting: this process (PC A) edits a draft holding its
// lease; another process (PC B) opens the same meeting, is refused the lease with
// the message naming A, types, and its save is refused the same way: the stored
// meeting is A's, B still has what it typed. A closes the meeting (Release); B
// takes over and saves what it typed, which is then stored.
func TestTwoProcessesEditOneMeeting(t *testing.T) {
	a, _, db, m := twoPCs(t)
	lease, err := a.TakeLease(m.ID, "PC-A 王明", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	m.Title = "A 输入的标题"
	if err := a.SaveMeeting(&m); err != nil {
		t.Fatal(err)
	}

	p := startProcess(t, db, "editor", m.ID)
	take := p.expect(t, "take ")
	if !strings.HasPrefix(take, "in_use 会议正由「PC-A 王明」编辑") || !strings.Contains(take, "可只读查看") {
		t.Errorf("B's TakeLease: %q", take)
	}
	save := p.expect(t, "save ")
	if !strings.HasPrefix(save, "in_use 刚才的修改没有保存（数据库中的会议未被改动）：会议正由「PC-A 王明」编辑") {
		t.Errorf("B's SaveMeeting: %q", save)
	}
	if kept := p.expect(t, "kept "); kept != "B 输入的标题|B 输入的议定事项。" {
		t.Errorf("B's copy after the refusal: %q, want what B typed", kept)
	}
	stored, err := a.Meeting(m.ID)
	if err != nil || stored.Title != "A 输入的标题" || stored.Agenda[0].Decisions[0].Text != m.Agenda[0].Decisions[0].Text {
		t.Errorf("stored after B's refused save: %q / %q (%v), want A's", stored.Title, stored.Agenda[0].Decisions[0].Text, err)
	}
	t.Logf("process B was told: %s", strings.TrimPrefix(save, "in_use "))

	if err := lease.Release(); err != nil {
		t.Fatal(err)
	}
	if _, err := io.WriteString(p.stdin, "go\n"); err != nil {
		t.Fatal(err)
	}
	if take := p.expect(t, "take "); take != " " {
		t.Errorf("B's TakeLease after A closed: %q", take)
	}
	if save := p.expect(t, "save "); save != " " {
		t.Errorf("B's SaveMeeting after taking over: %q", save)
	}
	stored, err = a.Meeting(m.ID)
	if err != nil || stored.Title != "B 输入的标题" || stored.Agenda[0].Decisions[0].Text != "B 输入的议定事项。" {
		t.Errorf("stored after B took over: %q / %q (%v), want what B typed", stored.Title, stored.Agenda[0].Decisions[0].Text, err)
	}
	wantHeld(t, a.SaveMeeting(&m), "PC-B 李静")
}
