package transfer

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"backstop/meeting"
)

// Limits that keep a hostile package from exhausting memory or disk: records are
// read into memory, files are copied.
const (
	maxRecord   = 16 << 20  // one JSON record
	maxManifest = 64 << 20  // the manifest of a large package
	maxFile     = 200 << 20 // one archived file (scans are at most 50 MB)
)

// Package is a transfer package that passed its checks: every entry is listed in the
// manifest with the size and SHA-256 it has, and nothing listed is missing.
type Package struct {
	Manifest Manifest
	// Records maps the entry name of every record (everything but the manifest and
	// the files) to its JSON.
	Records map[string][]byte

	name  string
	zr    *zip.ReadCloser
	files map[string]*zip.File // SHA-256 → entry
}

// Open reads the package at path and checks it (see Read). Close it when done.
func Open(path string) (*Package, error) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, meeting.Errorf(meeting.CodeNotFound, fmt.Sprintf("找不到转办包「%s」。", path), err)
		}
		return nil, meeting.Errorf(meeting.CodeCorrupt, fmt.Sprintf(
			"「%s」不是完整的转办包：文件已损坏、不完整或不是 zip 格式。未导入任何内容。", path), err)
	}
	p, err := read(&zr.Reader, filepath.Base(path))
	if err != nil {
		zr.Close()
		return nil, err
	}
	p.zr = zr
	return p, nil
}

// Close releases the package's file.
func (p *Package) Close() error {
	if p.zr == nil {
		return nil
	}
	return p.zr.Close()
}

// Read checks a package held in r: manifest.json must be there, name this format,
// and list every other entry exactly once with its size and SHA-256; every entry is
// read and hashed. The first difference refuses the whole package with a Chinese
// message naming the entry. name names the package in messages.
func Read(r io.ReaderAt, size int64, name string) (*Package, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, meeting.Errorf(meeting.CodeCorrupt, fmt.Sprintf(
			"「%s」不是完整的转办包：文件已损坏、不完整或不是 zip 格式。未导入任何内容。", name), err)
	}
	return read(zr, name)
}

// errTooLarge marks an entry larger than its limit.
var errTooLarge = errors.New("entry too large")

func read(zr *zip.Reader, name string) (*Package, error) {
	refuse := func(format string, args ...any) error {
		return meeting.Errorf(meeting.CodeCorrupt, fmt.Sprintf("转办包「%s」", name)+fmt.Sprintf(format, args...)+"未导入任何内容。", nil)
	}
	entries := map[string]*zip.File{}
	for _, f := range zr.File {
		if _, dup := entries[f.Name]; dup {
			return nil, refuse("中有两个同名条目「%s」。", f.Name)
		}
		entries[f.Name] = f
	}
	mf, ok := entries[ManifestName]
	if !ok {
		return nil, refuse("中没有清单 %s：不是 Backstop 的转办包，或文件不完整。", ManifestName)
	}
	data, err := readAll(mf, maxManifest)
	if err != nil {
		return nil, refuse("的清单 %s 无法读取（%s）：文件已损坏或不完整。", ManifestName, describeEntryError(err))
	}
	p := &Package{Records: map[string][]byte{}, files: map[string]*zip.File{}, name: name}
	if err := json.Unmarshal(data, &p.Manifest); err != nil {
		return nil, refuse("的清单 %s 无法读取：%s", ManifestName, meeting.DescribeJSONError(data, err))
	}
	if p.Manifest.Format != Format {
		return nil, refuse("的格式为「%s」，本程序只能读取「%s」。", p.Manifest.Format, Format)
	}
	listed := map[string]bool{}
	for _, e := range p.Manifest.Entries {
		if listed[e.Name] {
			return nil, refuse("的清单把「%s」列了两次。", e.Name)
		}
		listed[e.Name] = true
		f, ok := entries[e.Name]
		if !ok {
			return nil, refuse("缺少清单中列出的「%s」：文件不完整。", e.Name)
		}
		limit := int64(maxRecord)
		if strings.HasPrefix(e.Name, FilesDir) {
			limit = maxFile
		}
		if e.Size > limit || f.UncompressedSize64 != uint64(e.Size) {
			return nil, refuse("中的「%s」大小为 %d 字节，与清单记录的 %d 字节不符：文件已被改动或不完整。", e.Name, f.UncompressedSize64, e.Size)
		}
		sum, data, err := hashEntry(f, e.Size, !strings.HasPrefix(e.Name, FilesDir))
		if err != nil {
			return nil, refuse("中的「%s」无法读取（%s）：文件已损坏或不完整。", e.Name, describeEntryError(err))
		}
		if sum != e.SHA256 {
			return nil, refuse("中的「%s」与清单记录的 SHA-256 不符：文件已被改动或损坏。", e.Name)
		}
		if strings.HasPrefix(e.Name, FilesDir) {
			hash := strings.TrimSuffix(strings.TrimPrefix(e.Name, FilesDir), filepath.Ext(e.Name))
			if hash != sum {
				return nil, refuse("中的「%s」的名称与其内容的 SHA-256 不符。", e.Name)
			}
			p.files[hash] = f
			continue
		}
		p.Records[e.Name] = data
	}
	for n := range entries {
		if n != ManifestName && !listed[n] {
			return nil, refuse("中有清单未列出的条目「%s」：文件已被改动。", n)
		}
	}
	return p, nil
}

// readAll reads an entry of at most limit bytes.
func readAll(f *zip.File, limit int64) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, limit+1))
	if err == nil && int64(len(data)) > limit {
		err = fmt.Errorf("%w: larger than %d bytes", errTooLarge, limit)
	}
	return data, err
}

// hashEntry reads an entry of the given size, returning its SHA-256 and, when keep,
// its bytes.
func hashEntry(f *zip.File, size int64, keep bool) (string, []byte, error) {
	rc, err := f.Open()
	if err != nil {
		return "", nil, err
	}
	defer rc.Close()
	h := sha256.New()
	var buf bytes.Buffer
	w := io.Writer(h)
	if keep {
		w = io.MultiWriter(h, &buf)
	}
	n, err := io.Copy(w, io.LimitReader(rc, size+1))
	if err != nil {
		return "", nil, err
	}
	if n != size {
		return "", nil, fmt.Errorf("%d bytes, want %d", n, size)
	}
	return hex.EncodeToString(h.Sum(nil)), buf.Bytes(), nil
}

// describeEntryError says in Chinese why an entry of the package could not be read;
// the zip and flate packages' own words never reach the person.
func describeEntryError(err error) string {
	var corrupt flate.CorruptInputError
	switch {
	case errors.Is(err, zip.ErrChecksum):
		return "校验和不符"
	case errors.Is(err, zip.ErrFormat), errors.Is(err, zip.ErrAlgorithm):
		return "不是有效的 zip 条目"
	case errors.As(err, &corrupt):
		return "压缩数据已损坏"
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return "数据不完整"
	case errors.Is(err, errTooLarge):
		return "超过大小上限"
	}
	return "读取出错"
}
