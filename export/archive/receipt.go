package archive

import (
	"fmt"
	"os"
	"path"
	"slices"
	"time"

	"backstop/meeting"
)

// AttachReceipt copies the scanned, signed receipt of a department's delivered
// excerpt into the archive beside the revision's PDF and records it: the file first
// (to a temporary name, synced, renamed), then the record, so a crash leaves at most
// a file nothing refers to. A store that keeps the archive's files (see FileKeeper)
// gets the receipt once it is recorded; should that fail, the saved meeting is
// returned with an error saying so, and Recover sends it later.
func AttachReceipt(st meeting.Store, dataDir string, id meeting.ID, department, file string, at time.Time) (meeting.Meeting, error) {
	f, mediaType, size, err := openScan(file)
	if err != nil {
		return meeting.Meeting{}, err
	}
	defer f.Close()
	m, err := st.Meeting(id)
	if err != nil {
		return meeting.Meeting{}, err
	}
	// AttachReceipt says exactly what is wrong; ask it before copying anything.
	probe := m
	probe.Revisions = slices.Clone(m.Revisions)
	if len(probe.Revisions) > 0 {
		last := &probe.Revisions[len(probe.Revisions)-1]
		last.Deliveries = slices.Clone(last.Deliveries)
	}
	if err := meeting.AttachReceipt(&probe, department, meeting.Scan{Path: "probe", Hash: zeroHash, MediaType: mediaType, Size: size}, at); err != nil {
		return meeting.Meeting{}, err
	}
	rev, _ := m.DeliveryRevision()
	k := slices.IndexFunc(rev.Deliveries, func(d meeting.Delivery) bool { return d.Department == meeting.CleanLine(department) })
	dir := path.Dir(rev.PDFPath)
	if rev.PDFPath == "" {
		dir = path.Join(fmt.Sprint(m.Date.Year), fmt.Sprintf("%d-%s", m.ID, SafeName(m.Title)))
	}
	rel := path.Join(dir, fmt.Sprintf("receipt-r%d-%d-%s.%s", rev.N, k+1, SafeName(rev.Deliveries[k].Department), scanExtensions[mediaType]))
	scan, dst, err := copyScan(dataDir, rel, file, f, mediaType, size)
	if err != nil {
		return meeting.Meeting{}, err
	}
	if err := markUnsent(st, dataDir, rel); err != nil {
		os.Remove(dst)
		return meeting.Meeting{}, err
	}
	saved, err := st.AttachReceipt(id, department, scan, at)
	if err != nil {
		os.Remove(dst) // not recorded, so nothing refers to it
		os.Remove(unsentMarker(dataDir, rel))
		return meeting.Meeting{}, err
	}
	what := fmt.Sprintf("%s「%s」分送件的签收回执", revisionName(&saved, rev.N), rev.Deliveries[k].Department)
	return saved, send(st, dataDir, rel, scan.Hash, what)
}
