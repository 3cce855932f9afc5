package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"backstop/meeting"
	"backstop/meeting/pgstore"
	"backstop/meeting/store"
)

// Store is an open store of either kind, as the commands and the window use it.
type Store interface {
	meeting.Store
	Close() error
}

// DatabaseFile is the data folder's setting of a shared PostgreSQL database: a JSON
// object {"url": "postgres://…"} written by the app's 设置 › 共享数据库. Without it
// (and without --db or BACKSTOP_DB) the data stays in the folder's own file.
const DatabaseFile = "database.json"

// databaseSetting is the content of DatabaseFile.
type databaseSetting struct {
	URL string `json:"url"`
}

// DatabaseURL resolves which shared database to use: the --db flag, then
// BACKSTOP_DB, then the data folder's DatabaseFile. "" means the folder's own file.
// A URL that carries a password is refused: passwords belong in the pgpass file
// (docs/postgres.md), never on a command line, in the environment of every process
// or in the data folder.
func DatabaseURL(flagValue string, getenv func(string) string, dataDir string) (string, error) {
	u, where := flagValue, "--db"
	if u == "" {
		u, where = getenv("BACKSTOP_DB"), "环境变量 BACKSTOP_DB"
	}
	if u == "" {
		b, err := os.ReadFile(filepath.Join(dataDir, DatabaseFile))
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return "", nil
		case err != nil:
			return "", meeting.Errorf(meeting.CodeStorage, fmt.Sprintf("无法读取共享数据库设置 %s。", filepath.Join(dataDir, DatabaseFile)), err)
		}
		var s databaseSetting
		if err := json.Unmarshal(b, &s); err != nil {
			return "", meeting.Errorf(meeting.CodeInvalid, fmt.Sprintf(
				"共享数据库设置 %s 不是有效的 JSON（应为 {\"url\": \"postgres://…\"}）。请改正或删除该文件（删除后使用本机数据文件）。", filepath.Join(dataDir, DatabaseFile)), err)
		}
		u, where = strings.TrimSpace(s.URL), filepath.Join(dataDir, DatabaseFile)
	}
	if u == "" {
		return "", nil
	}
	if err := checkDatabaseURL(u); err != nil {
		return "", meeting.Errorf(meeting.CodeInvalid, fmt.Sprintf("%s 中的数据库地址有误：%s", where, meeting.ErrorMessage(err)), nil)
	}
	return u, nil
}

// checkDatabaseURL accepts a postgres:// or postgresql:// URL without a password.
func checkDatabaseURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return meeting.Errorf(meeting.CodeInvalid, "应为 postgres://用户名@服务器/数据库名?sslmode=verify-full 这样的地址。", nil)
	}
	if _, has := u.User.Password(); has || u.Query().Has("password") {
		return meeting.Errorf(meeting.CodeInvalid, "地址中不能写密码。请把密码写在 pgpass 文件中（见 docs/postgres.md），地址只写用户名、服务器和数据库名。", nil)
	}
	return nil
}

// SaveDatabaseURL writes the data folder's DatabaseFile (u == "" removes it: back
// to the folder's own file). The URL is checked first, so no password is written.
func SaveDatabaseURL(dataDir, u string) error {
	path := filepath.Join(dataDir, DatabaseFile)
	if u = strings.TrimSpace(u); u == "" {
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return meeting.Errorf(meeting.CodeStorage, "无法删除共享数据库设置 "+path+"。", err)
		}
		return nil
	}
	if err := checkDatabaseURL(u); err != nil {
		return err
	}
	b, _ := json.MarshalIndent(databaseSetting{URL: u}, "", "  ")
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return meeting.Errorf(meeting.CodeStorage, "无法创建数据目录 "+dataDir+"。", err)
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, append(b, '\n'), 0o600); err != nil {
		return meeting.Errorf(meeting.CodeStorage, "无法写入共享数据库设置 "+path+"。", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return meeting.Errorf(meeting.CodeStorage, "无法写入共享数据库设置 "+path+"。", err)
	}
	return nil
}

// commandTimeout bounds one operation of a command on the shared database: verify
// --all, the ledger and the year's package read a large office in one go, which the
// window's 30 s for an edit would cut short.
const commandTimeout = 10 * time.Minute

// openDatabase connects to the shared database.
func (r *runner) openDatabase() (Store, error) {
	return pgstore.Open(context.Background(), r.dbURL, pgstore.WithTimeout(commandTimeout))
}

// local opens the data folder's own file for a command that only it has (check,
// backup, restore): with a shared database that command is
// refused, saying what to use instead. forReading opens a read-only folder as it is.
func (r *runner) local(command, instead string, forReading bool) (*store.Store, error) {
	if err := r.refuseDatabase(command, instead); err != nil {
		return nil, err
	}
	open := r.open
	if forReading {
		open = r.openForReading
	}
	st, err := open()
	if err != nil {
		return nil, err
	}
	return st.(*store.Store), nil
}

// refuseDatabase refuses a command that only the data folder's own file has when a
// shared database is in use.
func (r *runner) refuseDatabase(command, instead string) error {
	if r.dbURL == "" {
		return nil
	}
	return meeting.Errorf(meeting.CodeInvalid, fmt.Sprintf(
		"backstop %s 只用于本机数据文件；当前使用共享数据库（%s）。%s", command, describeDatabase(r.dbURL), instead), nil)
}

// readOnly reports whether st was opened read-only (a data folder that cannot be
// written).
func readOnly(st meeting.Store) bool {
	ro, ok := st.(interface{ ReadOnly() bool })
	return ok && ro.ReadOnly()
}

// describeDatabase names the server and database of u for messages (never a password:
// the URL has none, see checkDatabaseURL).
func describeDatabase(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return "?"
	}
	host := p.Host
	if host == "" {
		host = p.Query().Get("host")
	}
	return host + "/" + strings.TrimPrefix(p.Path, "/")
}

// TestDatabase connects to the database at u and closes the connection: the app's
// 测试连接. The error says in Chinese what is wrong (server unreachable, password
// missing from the pgpass file, certificate refused, schema not set up).
func TestDatabase(u string) error {
	if err := checkDatabaseURL(u); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	st, err := pgstore.Open(ctx, u)
	if err != nil {
		return err
	}
	return st.Close()
}
