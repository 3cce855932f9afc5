package store

import (
	"cmp"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"

	"go.etcd.io/bbolt"

	"backstop/meeting"
)

// BackupDirName is the folder of the data directory that holds backups.
const BackupDirName = "backups"

// KeepDailyBackups is how many daily backups are kept; older ones are removed.
const KeepDailyBackups = 10

// dailyBackupName matches the names of daily backups, backstop-2026-10-12.db. Other
// backups in the folder (before a restore, before a schema upgrade, made by hand)
// are never removed by the store.
var dailyBackupName = regexp.MustCompile(`^backstop-\d{4}-\d{2}-\d{2}\.db$`)

// Backup writes a consistent copy of the data file to w while the store stays in
// use (a hot backup, from one read transaction).
func (s *Store) Backup(w io.Writer) error {
	return s.view(func(tx *bbolt.Tx) error {
		_, err := tx.WriteTo(w)
		return err
	})
}

// BackupTo writes a backup to path: into a temporary file in the same folder, synced,
// then renamed, so that path is either the old file or the complete new one.
func (s *Store) BackupTo(path string) error {
	abs, err := filepath.Abs(path)
	if err == nil && abs == s.path {
		return meeting.Errorf(meeting.CodeInvalid, fmt.Sprintf("%s 是数据文件本身，不能把备份写到这里。请换一个文件名。", path), nil)
	}
	err = writeFileAtomic(path, func(f *os.File) error { return s.Backup(f) })
	if err != nil {
		return s.storageError(err)
	}
	return nil
}

// backupPath returns the path of a backup named name.
func (s *Store) backupPath(name string) string {
	return filepath.Join(s.dir, BackupDirName, name)
}

// writeBackup writes a backup named name into the backup folder, creating it.
func (s *Store) writeBackup(name string) error {
	if err := os.MkdirAll(filepath.Join(s.dir, BackupDirName), 0o700); err != nil {
		return s.storageError(err)
	}
	return s.BackupTo(s.backupPath(name))
}

// dailyBackup writes the day's backup unless there is one, and removes the daily
// backups beyond the newest KeepDailyBackups. While a record is damaged it writes and
// removes none: a copy of the damage would, day after day, push out the backups that
// hold the record intact (restore -damaged takes it from them).
func (s *Store) dailyBackup() error {
	name := "backstop-" + s.now().Format("2006-01-02") + ".db"
	if _, err := os.Stat(s.backupPath(name)); err == nil {
		return nil
	}
	var damaged []damage
	if err := s.view(func(tx *bbolt.Tx) error { damaged = sweepRecords(tx); return nil }); err != nil {
		return err
	}
	if len(damaged) > 0 {
		return nil
	}
	if err := s.writeBackup(name); err != nil {
		return err
	}
	return s.pruneBackups()
}

// staleTemp matches the temporary files of writeTemp for the data file and for
// backups in the backup folder.
var staleTemp = regexp.MustCompile(`^\.backstop[^/]*\.db\.tmp-\d+$`)

// removeStaleTemps removes temporary files left by a process that died while writing
// a backup or restoring one. Only the holder of the data file's lock writes them,
// so while Open holds it, any that exist are left over.
func (s *Store) removeStaleTemps() {
	for _, folder := range []string{s.dir, filepath.Join(s.dir, BackupDirName)} {
		entries, _ := os.ReadDir(folder)
		for _, e := range entries {
			if e.Type().IsRegular() && staleTemp.MatchString(e.Name()) {
				os.Remove(filepath.Join(folder, e.Name()))
			}
		}
	}
}

// pruneBackups removes the oldest daily backups beyond KeepDailyBackups. The names
// sort by date.
func (s *Store) pruneBackups() error {
	entries, err := os.ReadDir(filepath.Join(s.dir, BackupDirName))
	if err != nil {
		return s.storageError(err)
	}
	var daily []string
	for _, e := range entries {
		if e.Type().IsRegular() && dailyBackupName.MatchString(e.Name()) {
			daily = append(daily, e.Name())
		}
	}
	slices.Sort(daily)
	for len(daily) > KeepDailyBackups {
		if err := os.Remove(s.backupPath(daily[0])); err != nil && !missingFile(err) {
			return s.storageError(err)
		}
		daily = daily[1:]
	}
	return nil
}

// NewestBackup returns the path of the newest backup in dir's backup folder that
// passes the integrity check and holds no damaged record, or "" when there is none.
// Backups are ordered by modification time, newest first.
func NewestBackup(dir string) (string, error) {
	backups, err := backupsNewestFirst(dir)
	for _, b := range backups {
		if verifyFile(b) == nil && recordsIntact(b) {
			return b, nil
		}
	}
	return "", err
}

// recordsIntact reports whether every record of the data file at path decodes.
func recordsIntact(path string) bool {
	var damaged []damage
	err := viewFile(path, func(tx *bbolt.Tx) error { damaged = sweepRecords(tx); return nil })
	return err == nil && len(damaged) == 0
}

// backupsNewestFirst lists the backup files of dir, newest modification first.
func backupsNewestFirst(dir string) ([]string, error) {
	folder := filepath.Join(dir, BackupDirName)
	entries, err := os.ReadDir(folder)
	if missingFile(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	type backup struct {
		path string
		info os.FileInfo
	}
	var backups []backup
	for _, e := range entries {
		if !e.Type().IsRegular() || filepath.Ext(e.Name()) != ".db" {
			continue
		}
		if info, err := e.Info(); err == nil {
			backups = append(backups, backup{filepath.Join(folder, e.Name()), info})
		}
	}
	slices.SortFunc(backups, func(a, b backup) int {
		return cmp.Or(b.info.ModTime().Compare(a.info.ModTime()), cmp.Compare(b.path, a.path))
	})
	out := make([]string, len(backups))
	for i, b := range backups {
		out[i] = b.path
	}
	return out, nil
}

// writeFileAtomic writes path through a temporary file in the same folder (mode
// 0600), synced before it is renamed over path, and syncs the folder after.
func writeFileAtomic(path string, write func(*os.File) error) error {
	tmp, err := writeTemp(path, write)
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	return syncDir(filepath.Dir(path))
}

// writeTemp writes a synced temporary file next to path and returns its name; the
// caller renames it into place or removes it.
func writeTemp(path string, write func(*os.File) error) (string, error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return "", err
	}
	err = write(f)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}

// syncDir makes a rename in dir durable. Windows cannot sync a folder and does not
// need to; the error is ignored there.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && runtime.GOOS != "windows" {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}
