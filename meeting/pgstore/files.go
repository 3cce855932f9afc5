package pgstore

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"strings"

	"github.com/jackc/pgx/v5"

	"backstop/meeting"
)

// The archive's files (revision PDFs, signed scans, receipts) are kept in the
// database, so that every PC can print and verify any revision. They are written once
// and never changed: the app role may only INSERT into archive_files, and the server
// checks that the content has the SHA-256 the row claims. A reader checks the bytes
// again, against the hash the revision records, before trusting them.

// PutFile stores an archive file under its path in the archive (relative,
// slash-separated, as the revision records it) with its SHA-256 in hex. A hash that
// is not the content's is refused with CodeInvalid. Storing the same file again is
// harmless; another file under a path that has one is refused with CodeConflict,
// since the stored file is the one that was printed and signed.
func (s *Store) PutFile(path string, content []byte, hash string) error {
	hash = strings.ToLower(hash)
	if path == "" || !fs.ValidPath(path) || strings.Contains(path, "\\") {
		return meeting.Errorf(meeting.CodeInvalid, fmt.Sprintf("存档文件的路径「%s」无效：应为存档目录内的相对路径，用 / 分隔，不含 . 或 .. 。", path), nil)
	}
	if got := hashOf(content); got != hash {
		return meeting.Errorf(meeting.CodeInvalid, fmt.Sprintf(
			"存档文件 %s 的内容与给出的 SHA-256 校验值不符（给出 %s，实际 %s），未保存。请重新生成该文件。", path, hash, got), nil)
	}
	return s.update(func(ctx context.Context, tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `INSERT INTO archive_files (path, sha256, size, content) VALUES ($1, $2, $3, $4)
			ON CONFLICT (path) DO NOTHING`, path, hash, len(content), content)
		if err != nil || tag.RowsAffected() == 1 {
			return err
		}
		var stored string
		if err := tx.QueryRow(ctx, "SELECT sha256 FROM archive_files WHERE path = $1", path).Scan(&stored); err != nil {
			return err
		}
		if stored != hash {
			return meeting.Errorf(meeting.CodeConflict, fmt.Sprintf(
				"存档路径 %s 已存有另一个文件（SHA-256 %s），不能换成这个文件（SHA-256 %s）。已存档的文件不能替换。", path, stored, hash), nil)
		}
		return nil
	})
}

// File returns the archive file stored under path after checking its bytes: their
// SHA-256 must be want (the hash the revision, scan or receipt records) and the one
// stored with the file. A file whose bytes do not match is refused with CodeCorrupt
// and never returned; a path without a file gets CodeNotFound.
func (s *Store) File(path, want string) ([]byte, error) {
	want = strings.ToLower(want)
	var content []byte
	var stored string
	err := s.view(func(ctx context.Context, tx pgx.Tx) error {
		err := tx.QueryRow(ctx, "SELECT sha256, content FROM archive_files WHERE path = $1", path).Scan(&stored, &content)
		if err == pgx.ErrNoRows {
			return notFound("数据库中没有存档文件 %s。", path)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if got := hashOf(content); got != want || stored != want {
		return nil, meeting.Errorf(meeting.CodeCorrupt, fmt.Sprintf(
			"存档文件 %s 未通过校验：记录的 SHA-256 为 %s，文件实际为 %s。该文件可能被篡改或损坏，不能使用；请联系数据库管理员从备份中恢复。",
			path, want, got), nil)
	}
	return bytes.Clone(content), nil
}

// FileHashes returns the SHA-256 the database holds for every archive file it keeps,
// by path, without the files' content: Recover compares it with what the revisions
// record to send the files a PC has and the database lacks.
func (s *Store) FileHashes() (map[string]string, error) {
	out := map[string]string{}
	err := s.view(func(ctx context.Context, tx pgx.Tx) error {
		clear(out) // a retried attempt starts again
		rows, err := tx.Query(ctx, "SELECT path, sha256 FROM archive_files")
		if err != nil {
			return err
		}
		var path, hash string
		_, err = pgx.ForEachRow(rows, []any{&path, &hash}, func() error {
			out[path] = hash
			return nil
		})
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// hashOf returns the SHA-256 of b in lower-case hex.
func hashOf(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
