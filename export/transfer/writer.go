package transfer

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path"
	"slices"
	"strings"
	"time"

	"backstop/export/archive"
	"backstop/export/safefile"
	"backstop/meeting"
)

// Write writes a package of c to w, taking the archived files from the archive
// folder of dataDir (through archive.Local when c.Store is set), and returns its
// manifest. Each file is checked against its
// SHA-256 as it is copied: a damaged archive file is refused, naming it, rather than
// handed on. Entries are written in name order with the time c.Created, so the same
// contents give the same bytes.
func Write(w io.Writer, c Contents, dataDir string) (Manifest, error) {
	man := Manifest{Format: Format, From: strings.TrimSpace(c.From), Created: c.Created.UTC().Truncate(time.Second)}
	zw := zip.NewWriter(w)
	names := make([]string, 0, len(c.Records))
	for name := range c.Records {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		data := c.Records[name]
		if err := writeEntry(zw, name, man.Created, zip.Deflate, bytes.NewReader(data), &man, ""); err != nil {
			return man, err
		}
		switch {
		case strings.HasPrefix(name, casesDir):
			man.Counts.Cases++
		case strings.HasPrefix(name, meetingsDir):
			man.Counts.Meetings++
		}
	}
	hashes := make([]string, 0, len(c.Files))
	for h := range c.Files {
		hashes = append(hashes, h)
	}
	slices.Sort(hashes)
	for _, h := range hashes {
		var err error
		rel := c.Files[h]
		file := archive.Path(dataDir, rel)
		if c.Store != nil {
			if file, err = archive.Local(c.Store, dataDir, rel, h); err != nil {
				return man, meeting.Errorf(meeting.ErrorCode(err), meeting.ErrorMessage(err)+"转办包未写成。", err)
			}
		}
		f, err := os.Open(file)
		if err != nil {
			return man, meeting.Errorf(meeting.CodeStorage, fmt.Sprintf(
				"无法读取存档文件「%s」，转办包未写成。请运行 backstop verify --all 检查存档。", file), err)
		}
		err = writeEntry(zw, FilesDir+h+path.Ext(rel), man.Created, zip.Store, f, &man, h)
		f.Close()
		if err != nil {
			if meeting.ErrorCode(err) == meeting.CodeCorrupt {
				return man, meeting.Errorf(meeting.CodeCorrupt, fmt.Sprintf(
					"存档文件「%s」与记录的 SHA-256 不符，可能已被改动或损坏，转办包未写成。请运行 backstop verify --all 检查存档。", file), err)
			}
			return man, err
		}
		man.Counts.Files++
	}
	// The manifest goes last: it lists what came before.
	slices.SortFunc(man.Entries, func(a, b Entry) int { return strings.Compare(a.Name, b.Name) })
	data, err := json.MarshalIndent(man, "", " ")
	if err != nil {
		return man, meeting.Errorf(meeting.CodeInternal, "无法编码转办包的清单。", err)
	}
	hdr := &zip.FileHeader{Name: ManifestName, Method: zip.Deflate, Modified: man.Created}
	mw, err := zw.CreateHeader(hdr)
	if err == nil {
		_, err = mw.Write(append(data, '\n'))
	}
	if err == nil {
		err = zw.Close()
	}
	if err != nil {
		return man, meeting.Errorf(meeting.CodeStorage, "无法写入转办包。", err)
	}
	return man, nil
}

// writeEntry copies r into a new entry and adds it to the manifest; want, when set,
// is the SHA-256 the content must have.
func writeEntry(zw *zip.Writer, name string, at time.Time, method uint16, r io.Reader, man *Manifest, want string) error {
	ew, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: method, Modified: at})
	if err != nil {
		return meeting.Errorf(meeting.CodeStorage, "无法写入转办包。", err)
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(ew, h), r)
	if err != nil {
		return meeting.Errorf(meeting.CodeStorage, fmt.Sprintf("无法写入转办包的「%s」。", name), err)
	}
	sum := hex.EncodeToString(h.Sum(nil))
	if want != "" && sum != want {
		return meeting.Errorf(meeting.CodeCorrupt, fmt.Sprintf("「%s」的 SHA-256 为 %s，记录为 %s。", name, sum, want), nil)
	}
	man.Entries = append(man.Entries, Entry{Name: name, Size: n, SHA256: sum})
	return nil
}

// WriteFile writes a package to path atomically (see safefile.Write).
func WriteFile(path string, c Contents, dataDir string) (Manifest, error) {
	var man Manifest
	err := safefile.Write(path, 0o600, func(w io.Writer) error {
		var err error
		man, err = Write(w, c, dataDir)
		return err
	})
	return man, err
}
