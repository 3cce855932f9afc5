package pgstore

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"backstop/meeting"
)

// The concurrency test re-executes the test binary as other Backstop processes:
// TestFinalizeChild, with the database and its meetings in the environment.
const (
	childURLEnv      = "BACKSTOP_PG_CHILD_URL"
	childMeetingsEnv = "BACKSTOP_PG_CHILD_MEETINGS"
)

// TestFinalizeChild is not a test of its own: it is one of the processes of
// TestFourProcessesFinalizeOneYear. It opens the store, says "ready", waits for a
// line on its standard input, finalizes its meetings one by one and prints "number
// ID SEQ" for each finalization once it returned.
func TestFinalizeChild(t *testing.T) {
	url, list := os.Getenv(childURLEnv), os.Getenv(childMeetingsEnv)
	if url == "" {
		t.Skip("helper process of TestFourProcessesFinalizeOneYear")
	}
	s, err := Open(context.Background(), url, WithMaxConns(2))
	if err != nil {
		fmt.Printf("error %v\n", err)
		return
	}
	defer s.Close()
	fmt.Println("ready")
	if _, err := bufio.NewReader(os.Stdin).ReadString('\n'); err != nil {
		fmt.Printf("error %v\n", err)
		return
	}
	at := time.Date(2026, 10, 12, 11, 30, 0, 0, time.UTC)
	for _, field := range strings.Split(list, ",") {
		id, _ := strconv.ParseUint(field, 10, 64)
		mn, err := s.Finalize(meeting.ID(id), at)
		if err != nil {
			fmt.Printf("error %d %v\n", id, err)
			continue
		}
		fmt.Printf("number %d %d\n", id, mn.Meeting.Number.Seq)
	}
}

// TestFourProcessesFinalizeOneYear: four processes finalize 100 meetings each of the
// same year at the same time, on one database. Every number from 1 to 400 is used
// exactly once, each meeting has the number its process was told, and the year's
// counter ends at 400.
func TestFourProcessesFinalizeOneYear(t *testing.T) {
	const processes, each = 4, 100
	db := newDB(t)
	s := db.openAs(t, appLogin)
	c := saveTestCase(t, s)
	lists := make([][]string, processes)
	for i := range processes * each {
		m := finalizable(c.ID, meeting.Date{Year: 2026, Month: time.Month(1 + i%12), Day: 1 + i%28})
		if err := s.SaveMeeting(&m); err != nil {
			t.Fatal(err)
		}
		lists[i%processes] = append(lists[i%processes], strconv.FormatUint(uint64(m.ID), 10))
	}

	type child struct {
		cmd    *exec.Cmd
		stdin  io.WriteCloser
		stdout *bytes.Buffer
		stderr *bytes.Buffer
		ready  chan error
		done   chan struct{} // closed once the output is read to its end
	}
	children := make([]*child, processes)
	for i := range children {
		cmd := exec.Command(os.Args[0], "-test.run=^TestFinalizeChild$", "-test.count=1", "-test.v")
		cmd.Env = append(os.Environ(), childURLEnv+"="+db.url(appLogin), childMeetingsEnv+"="+strings.Join(lists[i], ","))
		ch := &child{cmd: cmd, stdout: new(bytes.Buffer), stderr: new(bytes.Buffer), ready: make(chan error, 1), done: make(chan struct{})}
		cmd.Stderr = ch.stderr
		stdin, err := cmd.StdinPipe()
		if err != nil {
			t.Fatal(err)
		}
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		ch.stdin = stdin
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
		go func() {
			defer close(ch.done)
			r := bufio.NewReader(stdout)
			signalled := false
			for {
				line, err := r.ReadString('\n')
				if !signalled && (strings.HasPrefix(line, "ready") || err != nil) {
					signalled = true
					if err != nil || line != "ready\n" {
						ch.ready <- fmt.Errorf("child not ready: %q %v", line, err)
					} else {
						ch.ready <- nil
					}
					continue
				}
				ch.stdout.WriteString(line)
				if err != nil {
					return
				}
			}
		}()
		children[i] = ch
	}
	for i, ch := range children {
		select {
		case err := <-ch.ready:
			if err != nil {
				t.Fatalf("process %d: %v (stderr: %s)", i, err, ch.stderr)
			}
		case <-time.After(60 * time.Second):
			t.Fatalf("process %d not ready after 60 s", i)
		}
	}
	start := time.Now()
	for _, ch := range children {
		if _, err := io.WriteString(ch.stdin, "go\n"); err != nil {
			t.Fatal(err)
		}
	}
	for i, ch := range children {
		<-ch.done // os/exec: read the pipe to its end before Wait
		if err := ch.cmd.Wait(); err != nil {
			t.Fatalf("process %d: %v (stderr: %s)", i, err, ch.stderr)
		}
	}
	elapsed := time.Since(start)

	told := map[meeting.ID]int{}
	var seqs []int
	for i, ch := range children {
		for _, line := range strings.Split(ch.stdout.String(), "\n") {
			var id meeting.ID
			var seq int
			switch {
			case strings.HasPrefix(line, "number "):
				if _, err := fmt.Sscanf(line, "number %d %d", &id, &seq); err != nil {
					t.Fatalf("process %d: %q: %v", i, line, err)
				}
				told[id] = seq
				seqs = append(seqs, seq)
			case strings.HasPrefix(line, "error"):
				t.Errorf("process %d: %s", i, line)
			}
		}
	}
	slices.Sort(seqs)
	for i, seq := range seqs {
		if seq != i+1 {
			t.Fatalf("numbers drawn, sorted: position %d holds %d, want %d (%d numbers: %v…)", i, seq, i+1, len(seqs), seqs[:min(len(seqs), 20)])
		}
	}
	if len(seqs) != processes*each {
		t.Fatalf("%d finalizations reported, want %d", len(seqs), processes*each)
	}
	ms, err := s.Meetings(meeting.MeetingFilter{Year: 2026})
	if err != nil {
		t.Fatal(err)
	}
	stored := map[int]meeting.ID{}
	for _, m := range ms {
		if m.State != meeting.StateFinalized || m.Number.Year != 2026 {
			t.Errorf("meeting %d: state %s, number %s", m.ID, m.State, m.Number)
			continue
		}
		if other, dup := stored[m.Number.Seq]; dup {
			t.Errorf("number %s on meetings %d and %d", m.Number, other, m.ID)
		}
		stored[m.Number.Seq] = m.ID
		if told[m.ID] != m.Number.Seq {
			t.Errorf("meeting %d stored as %s, its process was told %d", m.ID, m.Number, told[m.ID])
		}
	}
	if len(stored) != processes*each {
		t.Errorf("%d distinct numbers stored, want %d", len(stored), processes*each)
	}
	var last int
	if err := db.connect(t, appLogin).QueryRow(context.Background(), "SELECT last FROM numbers WHERE year = 2026").Scan(&last); err != nil || last != processes*each {
		t.Errorf("the year's counter is %d (%v), want %d", last, err, processes*each)
	}
	t.Logf("%d processes × %d finalizations of 2026: numbers 1–%d each once, in %s (%.1f ms per finalization, %.0f per second)",
		processes, each, len(seqs), elapsed.Round(time.Millisecond), float64(elapsed.Milliseconds())/float64(len(seqs)),
		float64(len(seqs))/elapsed.Seconds())
}

// saveTestCase stores the case the tests discuss and returns it as stored.
func saveTestCase(t testing.TB, s *Store) meeting.Case {
	t.Helper()
	c := meeting.Case{
		Applicant: meeting.Applicant{Kind: meeting.Person, Name: "王秀英"}, Category: meeting.CategoryLivelihood,
		Channel: meeting.ChannelHotline, Received: meeting.Date{Year: 2026, Month: 8, Day: 3}, Title: "房屋办证", Request: "请求办证。",
	}
	if err := s.SaveCase(&c); err != nil {
		t.Fatal(err)
	}
	return c
}

// finalizable returns a draft that passes validation, dated d, with caseID on its
// agenda.
func finalizable(caseID meeting.ID, d meeting.Date) meeting.Meeting {
	return meeting.Meeting{
		Title: "协调会", Date: d, Start: 9 * 60, End: 11 * 60, Venue: "协调室",
		Host: meeting.Host{Name: "王明"}, Organizer: "行政审批服务管理办公室", Recorder: "李静",
		Attendance: []meeting.Attendance{
			{Department: "行政审批服务管理办公室", Person: "王明", Status: meeting.Present},
			{Department: "自然资源和规划局", Person: "张华", Status: meeting.Present},
		},
		Agenda: []meeting.AgendaItem{{
			CaseID: caseID, Summary: "房屋办证", Judgment: meeting.JudgmentShould, JudgmentReason: "符合规定。",
			Decisions: []meeting.Decision{{Text: "线下办理登记。", Lead: "自然资源和规划局", Due: d.AddDays(14)}},
		}},
	}
}
