package cli

import (
	"context"
	"fmt"
	"time"

	"backstop/export/archive"
	"backstop/meeting"
	"backstop/meeting/migrate"
	"backstop/meeting/pgstore"
	"backstop/meeting/store"
)

// runMigrate copies the data folder's file, with its archive, into an empty
// PostgreSQL database and checks the copy (package migrate). The data folder is only
// read; the office switches to the database afterwards (--db, BACKSTOP_DB or 设置 ›
// 共享数据库).
func runMigrate(r *runner, args []string) error {
	fs := r.flags("migrate")
	to := fs.String("to", "", "目标 PostgreSQL 数据库（新建、空的），用数据库所有者账户连接，例如 postgres://backstop_admin@服务器/backstop?sslmode=verify-full")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *to == "" {
		return meeting.Errorf(meeting.CodeInvalid, "请用 -to 指定目标数据库，例如 backstop migrate -to postgres://backstop_admin@服务器/backstop?sslmode=verify-full。", nil)
	}
	if err := checkDatabaseURL(*to); err != nil {
		return meeting.Errorf(meeting.CodeInvalid, "-to 的数据库地址有误："+meeting.ErrorMessage(err), nil)
	}
	if r.dbURL != "" {
		return meeting.Errorf(meeting.CodeInvalid, fmt.Sprintf(
			"backstop migrate 把本机数据文件复制到数据库；当前设置的是共享数据库（%s）。请不带 --db（并清除 BACKSTOP_DB 和数据目录中的 database.json）运行。", describeDatabase(r.dbURL)), nil)
	}
	// Read-only: the data file, its backups and its folder stay exactly as they were,
	// and a file of an older schema is refused rather than upgraded in place.
	src, err := store.Open(r.dataDir, store.ForReading())
	if err != nil {
		return err
	}
	defer src.Close()
	ctx := context.Background()
	// VerifyAll of a large office takes longer than one edit may.
	dst, err := pgstore.Open(ctx, *to, pgstore.WithTimeout(30*time.Minute))
	if err != nil {
		return err
	}
	defer dst.Close()
	rep, err := migrate.Copy(ctx, src, archive.Dir(r.dataDir), dst, func(line string) { fmt.Fprintln(r.env.Stdout, line) })
	if err != nil {
		return err
	}
	c := rep.Copied
	fmt.Fprintf(r.env.Stdout, "已复制：%d 个部门、%d 个诉求、%d 个会议（%d 个定稿版本）、%d 条督办事项、%d 条审计记录、%d 个节假日年份、%d 个存档文件。\n",
		c.Departments, c.Cases, c.Meetings, c.Revisions, c.FollowUps, c.Audit, c.Calendars, c.Files)
	fmt.Fprintf(r.env.Stdout, "verify --all：数据文件 %d 个问题，数据库 %d 个问题。\n", len(rep.SourceProblems), len(rep.TargetProblems))
	for _, p := range rep.FileProblems {
		fmt.Fprintf(r.env.Stderr, "存档文件 %s（会议 %d）未复制：%s\n", p.Path, p.Meeting, p.Message)
	}
	for _, d := range rep.Differences {
		fmt.Fprintln(r.env.Stderr, "不一致："+d)
	}
	if !rep.OK() {
		return meeting.Errorf(meeting.CodeConflict, fmt.Sprintf(
			"迁移已写入数据库，但核验未通过（%d 个存档文件未复制，%d 处不一致，见上）。数据文件未改动；请处理后删除并重建目标数据库，再运行一次。", len(rep.FileProblems), len(rep.Differences)), nil)
	}
	fmt.Fprintf(r.env.Stdout, "迁移完成，核验一致。数据文件 %s 未改动。各电脑改用数据库：backstop --db 地址（或 设置 › 共享数据库）。\n", src.Path())
	return nil
}
