package cli

import (
	"fmt"
	"strings"
	"time"

	"backstop/export/archive"
	"backstop/meeting"
)

// runDeliver records that a department's excerpt was handed over, attaches its
// signed receipt, or without -dept lists where every excerpt stands.
func runDeliver(r *runner, args []string) error {
	fs, idFlag := r.meetingFlags("deliver")
	dept := fs.String("dept", "", "收件单位（参会单位名称）")
	how := fs.String("how", "", "送达方式：当场领取、邮寄或内网")
	by := fs.String("by", "", "签收人姓名")
	on := fs.String("on", "", "送达日期，如 2026-11-16（默认今天）")
	receipt := fs.String("receipt", "", "签收回执扫描件（PDF、JPEG 或 PNG），附加到已送达的分送件")
	id, err := parseMeeting(fs, idFlag, args)
	if err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return meeting.Errorf(meeting.CodeInvalid, fmt.Sprintf("多余的参数「%s」：backstop deliver -meeting ID -dept 部门 -how 当场领取 -by 姓名", fs.Arg(0)), nil)
	}
	st, err := r.openArchive()
	if err != nil {
		return err
	}
	defer st.Close()
	now := time.Now()
	if *dept == "" {
		if *how != "" || *by != "" || *receipt != "" {
			return meeting.Errorf(meeting.CodeInvalid, "请用 -dept 指定收件单位。", nil)
		}
		m, err := st.Meeting(id)
		if err != nil {
			return err
		}
		return writeDeliveries(r, m)
	}
	var m meeting.Meeting
	if *how != "" || *by != "" {
		method, ok := meeting.ParseDeliveryMethod(*how)
		if !ok {
			return meeting.Errorf(meeting.CodeInvalid, fmt.Sprintf("送达方式「%s」无效，应为当场领取、邮寄或内网。", *how), nil)
		}
		day := meeting.DateOf(now)
		if *on != "" {
			if day, err = meeting.ParseDate(*on); err != nil {
				return meeting.Errorf(meeting.CodeInvalid, fmt.Sprintf("送达日期「%s」无效，应写成 2026-11-16。", *on), err)
			}
		}
		if m, err = st.Deliver(id, meeting.DeliveryRecord{Department: *dept, Method: method, On: day, ReceivedBy: *by}, now); err != nil {
			return err
		}
		rev, _ := m.DeliveryRevision()
		fmt.Fprintf(r.env.Stdout, "已登记：会议纪要%s第 %d 版「%s」的分送件于%s%s，签收人 %s。\n",
			m.Number, rev.N, meeting.CleanLine(*dept), day.Chinese(), method.Label(), meeting.CleanLine(*by))
	}
	if *receipt != "" {
		if m, err = archive.AttachReceipt(st, r.dataDir, id, *dept, *receipt, now); err != nil {
			return err
		}
		rev, _ := m.DeliveryRevision()
		for _, d := range rev.Deliveries {
			if d.Department == meeting.CleanLine(*dept) && d.Receipt != nil {
				fmt.Fprintf(r.env.Stdout, "已附加签收回执：%s\nSHA-256 %s\n", archive.Path(r.dataDir, d.Receipt.Path), d.Receipt.Hash)
			}
		}
	}
	if m.ID == 0 {
		return meeting.Errorf(meeting.CodeInvalid, "请用 -how 和 -by 登记送达，或用 -receipt 附加签收回执。", nil)
	}
	if left := m.Undelivered(); len(left) > 0 {
		fmt.Fprintf(r.env.Stdout, "尚未送达：%s。\n", strings.Join(left, "、"))
	} else {
		fmt.Fprintln(r.env.Stdout, "各单位的分送件均已送达。")
	}
	return nil
}

// writeDeliveries lists the excerpts of the meeting's last finalized revision.
func writeDeliveries(r *runner, m meeting.Meeting) error {
	rev, ok := m.DeliveryRevision()
	if !ok {
		return meeting.Errorf(meeting.CodeState, "会议纪要尚未定稿，没有要分送的分送件。", nil)
	}
	fmt.Fprintf(r.env.Stdout, "会议纪要%s第 %d 版的分送件：\n", m.Number, rev.N)
	rows := [][]string{{"收件单位", "状态", "送达日期", "方式", "签收人"}}
	for _, d := range rev.Deliveries {
		row := []string{d.Department, d.Status(), "", "", ""}
		if d.Delivered() {
			row[2], row[3], row[4] = d.On.String(), d.Method.Label(), d.ReceivedBy
		}
		rows = append(rows, row)
	}
	writeTable(r.env.Stdout, rows)
	if len(rev.Deliveries) == 0 {
		fmt.Fprintln(r.env.Stdout, "（该版定稿时尚未登记分送单位）")
	}
	return nil
}
