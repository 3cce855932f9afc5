package meeting

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"
)

// cloneMinutes copies minutes the way a store keeps them: through JSON.
func cloneMinutes(t *testing.T, mn Minutes) *Minutes {
	t.Helper()
	data, err := json.Marshal(mn)
	if err != nil {
		t.Fatal(err)
	}
	var out Minutes
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatal(err)
	}
	return &out
}

// chainFixture returns a meeting with two finalized revisions, each with its PDF,
// the first signed, and the snapshots a store keeps of them.
func chainFixture(t *testing.T) (Meeting, map[int]*Minutes) {
	t.Helper()
	mn := minutesIn(t, StateSigned)
	snap1 := cloneMinutes(t, mn)
	if err := Amend(&mn.Meeting, "更正办理时限", at); err != nil {
		t.Fatal(err)
	}
	mn.Meeting.Agenda[0].Decisions[0].Due = Date{2026, 11, 15}
	if err := Finalize(&mn, DocNumber{}, at.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := RecordPDF(&mn.Meeting, 2, "2026/12/minutes-r2.pdf", hashOf("pdf 2")); err != nil {
		t.Fatal(err)
	}
	snap2 := cloneMinutes(t, mn)
	m := cloneMinutes(t, mn).Meeting
	return m, map[int]*Minutes{1: snap1, 2: snap2}
}

func TestCheckChain(t *testing.T) {
	tests := []struct {
		name   string
		tamper func(m *Meeting, snaps map[int]*Minutes)
		want   []int  // revisions named by the problems, in order
		says   string // what the first problem says
	}{
		{"intact", func(*Meeting, map[int]*Minutes) {}, nil, ""},
		{"snapshot removed", func(_ *Meeting, s map[int]*Minutes) { delete(s, 1) }, []int{1}, "第 1 版定稿的存档已被删除"},
		{"snapshot unreadable", func(_ *Meeting, s map[int]*Minutes) { s[2] = nil }, []int{2}, "无法读取"},
		{"snapshot text rewritten", func(_ *Meeting, s map[int]*Minutes) {
			s[2].Meeting.Agenda[0].Decisions[0].Text += "另行研究。"
		}, []int{2}, "第 2 版定稿的存档内容已被改动"},
		{"snapshot case rewritten", func(_ *Meeting, s map[int]*Minutes) { s[1].Cases[0].Applicant.Name = "别的公司" }, []int{1}, "内容已被改动"},
		{"snapshots swapped", func(_ *Meeting, s map[int]*Minutes) { s[1], s[2] = s[2], s[1] }, []int{1, 2}, "记载的是第 2 版"},
		{"replaces changed in the record", func(m *Meeting, _ map[int]*Minutes) {
			m.Revisions[1].Replaces = hashOf("forged")
		}, []int{2, 2}, "修订链已被改动"},
		{"replaces changed in record and snapshot", func(m *Meeting, s map[int]*Minutes) {
			m.Revisions[1].Replaces = hashOf("forged")
			s[2].Meeting.Revisions[1].Replaces = hashOf("forged")
		}, []int{2, 2}, "修订链已被改动"},
		{"fingerprint rewritten with the content", func(m *Meeting, s map[int]*Minutes) {
			s[1].Meeting.Title = "改过的会议名称"
			fp := s[1].Fingerprint()
			s[1].Meeting.Revisions[0].Fingerprint, m.Revisions[0].Fingerprint = fp, fp
		}, []int{2}, "修订链已被改动"}, // only the next revision's link shows it
		{"last revision removed from the record", func(m *Meeting, _ map[int]*Minutes) {
			m.Revisions = m.Revisions[:1]
		}, []int{2}, "只有 1 个定稿版本"},
		{"first revision removed from the record", func(m *Meeting, _ map[int]*Minutes) {
			m.Revisions = m.Revisions[1:]
		}, []int{1, 1, 1, 1, 2}, "版本编号不连续"},
		{"scan swapped in the record", func(m *Meeting, _ map[int]*Minutes) {
			m.Revisions[0].Scans[0].Hash = hashOf("another scan")
		}, []int{1}, "签字扫描件"},
		{"PDF swapped in the record", func(m *Meeting, _ map[int]*Minutes) {
			m.Revisions[1].PDFHash = hashOf("another pdf")
		}, []int{2}, "定稿 PDF"},
		{"number changed in the record", func(m *Meeting, _ map[int]*Minutes) { m.Number.Seq = 13 }, []int{1, 2}, "文号"},
		{"locked without revisions", func(m *Meeting, s map[int]*Minutes) {
			m.Revisions = nil
			clear(s)
		}, []int{0}, "没有任何定稿版本"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, snaps := chainFixture(t)
			tt.tamper(&m, snaps)
			ps := CheckChain(&m, snaps)
			var got []int
			for _, p := range ps {
				got = append(got, p.Revision)
				if p.Meeting != m.ID || !strings.Contains(p.Message, "会议纪要") {
					t.Errorf("problem %+v does not name the meeting", p)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Fatalf("problems on revisions %v, want %v: %v", got, tt.want, ps)
			}
			if tt.says != "" && !strings.Contains(ps[0].Message, tt.says) {
				t.Errorf("first problem %q does not say %q", ps[0].Message, tt.says)
			}
		})
	}
}
