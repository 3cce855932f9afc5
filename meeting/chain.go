package meeting

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// ChainProblem is one break found in the record of a meeting's finalized revisions:
// a revision removed, rewritten or out of order. Revision is 0 for a problem of the
// meeting as a whole.
type ChainProblem struct {
	Meeting  ID     `json:"meeting"`
	Revision int    `json:"revision,omitempty"`
	Message  string `json:"message"` // Chinese, naming the meeting and the revision
}

func (p ChainProblem) String() string { return p.Message }

// CheckChain checks the finalized revisions of m against the snapshots kept of them
// (snapshots[n] is revision n as it was finalized; a nil entry is a snapshot that
// exists but cannot be read). The revisions form a hash chain:
//   - revision n is numbered n, and names revision n-1's fingerprint as the one it
//     replaces (revision 1 replaces none);
//   - the fingerprint recomputed from revision n's snapshot is the one recorded, in
//     the snapshot and in the meeting;
//   - the meeting's record of revision n (number, fingerprint, PDF, scans…) is the
//     snapshot's, and every snapshot belongs to a revision the meeting records.
//
// So a revision removed from the meeting or from the snapshots, or rewritten in
// either, is reported. It returns the problems in revision order.
func CheckChain(m *Meeting, snapshots map[int]*Minutes) []ChainProblem {
	name := m.RecordName()
	var out []ChainProblem
	add := func(n int, format string, args ...any) {
		out = append(out, ChainProblem{Meeting: m.ID, Revision: n, Message: name + fmt.Sprintf(format, args...)})
	}
	if !m.Editable() && len(m.Revisions) == 0 {
		add(0, "状态为「%s」，但没有任何定稿版本：定稿记录可能被删除。", m.State.Label())
	}
	for i, rev := range m.Revisions {
		n := i + 1
		if rev.N != n {
			add(n, "记录中的第 %d 个版本编号为 %d：版本编号不连续，可能有版本被删除或插入。", n, rev.N)
		}
		switch {
		case n == 1 && rev.Replaces != "":
			add(n, "第 1 版记录了它替代的版本（指纹 %s），但第 1 版之前不应有版本。", rev.Replaces)
		case n > 1 && rev.Replaces != m.Revisions[i-1].Fingerprint:
			add(n, "第 %d 版记录的被替代版本指纹 %s 与第 %d 版的指纹 %s 不一致：修订链已被改动。",
				n, rev.Replaces, n-1, m.Revisions[i-1].Fingerprint)
		}
		snap, ok := snapshots[n]
		switch {
		case !ok:
			add(n, "第 %d 版定稿的存档已被删除。", n)
			continue
		case snap == nil:
			add(n, "第 %d 版定稿的存档无法读取，可能已被改写。", n)
			continue
		case len(snap.Meeting.Revisions) != n:
			add(n, "第 %d 版定稿的存档记载的是第 %d 版：存档已被改写或调换。", n, len(snap.Meeting.Revisions))
			continue
		}
		if got := snap.Fingerprint(); got != rev.Fingerprint {
			add(n, "第 %d 版定稿的存档内容已被改动：按存档重新计算的指纹 %s 与记录的指纹 %s 不一致。", n, got, rev.Fingerprint)
		}
		if snap.Meeting.Number != m.Number {
			add(n, "第 %d 版定稿存档的文号%s与会议记录的文号不一致。", n, snap.Meeting.Number)
		}
		if diff := revisionDiff(snap.Meeting.Revisions[n-1], rev); len(diff) > 0 {
			add(n, "第 %d 版的会议记录与定稿存档不一致（%s）：记录或存档已被改动。", n, strings.Join(diff, "、"))
		}
	}
	var extra []int
	for n := range snapshots {
		if n < 1 || n > len(m.Revisions) {
			extra = append(extra, n)
		}
	}
	sort.Ints(extra)
	for _, n := range extra {
		add(n, "存有第 %d 版定稿的存档，但会议记录中只有 %d 个定稿版本：记录中的版本可能被删除。", n, len(m.Revisions))
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Revision < out[j].Revision })
	return out
}

// revisionDiff names the parts in which two records of one revision differ.
func revisionDiff(a, b Revision) []string {
	var out []string
	if a.N != b.N {
		out = append(out, "版本号")
	}
	if a.Reason != b.Reason {
		out = append(out, "修订理由")
	}
	if !a.FinalizedAt.Equal(b.FinalizedAt) {
		out = append(out, "定稿时间")
	}
	if a.Fingerprint != b.Fingerprint {
		out = append(out, "指纹")
	}
	if a.Replaces != b.Replaces {
		out = append(out, "被替代版本的指纹")
	}
	if a.PDFHash != b.PDFHash || a.PDFPath != b.PDFPath {
		out = append(out, "定稿 PDF")
	}
	if !slices.EqualFunc(a.Scans, b.Scans, func(x, y Scan) bool {
		return x.Hash == y.Hash && x.Path == y.Path && x.MediaType == y.MediaType && x.Size == y.Size && x.AttachedAt.Equal(y.AttachedAt)
	}) {
		out = append(out, "签字扫描件")
	}
	if !a.ArchivedAt.Equal(b.ArchivedAt) {
		out = append(out, "归档时间")
	}
	return out
}

// RecordName names the meeting in a sentence: by its number when it has one, by
// its title otherwise, always with its ID.
func (m *Meeting) RecordName() string {
	if !m.Number.IsZero() {
		return fmt.Sprintf("会议纪要%s（会议编号 %d）", m.Number, m.ID)
	}
	if m.Title != "" {
		return fmt.Sprintf("会议「%s」（会议编号 %d）", m.Title, m.ID)
	}
	return fmt.Sprintf("会议（编号 %d）", m.ID)
}
