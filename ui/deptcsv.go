package ui

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"backstop/meeting"
)

// The directory's CSV columns, in Chinese as the office edits them in a spreadsheet.
var departmentCSVHeader = []string{"单位名称", "简称", "科室", "联系人", "联系电话", "启用", "排序"}

// sectionSeparator joins sections in one CSV cell.
const sectionSeparator = "、"

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// writeDepartmentsCSV writes the directory as CSV with a UTF-8 byte-order mark, so
// spreadsheet programs on Chinese Windows open it as UTF-8.
func writeDepartmentsCSV(w io.Writer, ds []meeting.Department) error {
	if _, err := w.Write(utf8BOM); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(departmentCSVHeader); err != nil {
		return err
	}
	for _, d := range ds {
		active := "是"
		if !d.Active {
			active = "否"
		}
		rec := []string{d.Name, d.ShortName, strings.Join(d.Sections, sectionSeparator), d.Contact, d.Phone, active, strconv.Itoa(d.Order)}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// readDepartmentsCSV reads departments written by writeDepartmentsCSV or typed in a
// spreadsheet. Every row is validated; the error names each bad row and field, and no
// department is returned unless all rows are valid.
func readDepartmentsCSV(r io.Reader) ([]meeting.Department, error) {
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, utf8BOM) {
		_, _ = br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	records, err := cr.ReadAll()
	if err != nil {
		return nil, meeting.Errorf(meeting.CodeInvalid, "CSV 文件格式有误，无法读取。", err)
	}
	if len(records) == 0 || strings.TrimSpace(records[0][0]) != departmentCSVHeader[0] {
		return nil, &meeting.Error{Code: meeting.CodeInvalid, Message: "CSV 文件第一行应为表头：" + strings.Join(departmentCSVHeader, ",") + "。"}
	}
	var out []meeting.Department
	var problems meeting.Problems
	for i, rec := range records[1:] {
		line := i + 2
		cell := func(k int) string {
			if k < len(rec) {
				return meeting.CleanLine(rec[k])
			}
			return ""
		}
		if strings.Join(rec, "") == "" {
			continue
		}
		d := meeting.Department{Name: cell(0), ShortName: cell(1), Contact: cell(3), Phone: cell(4), Active: cell(5) != "否"}
		for _, s := range strings.Split(cell(2), sectionSeparator) {
			if s = strings.TrimSpace(s); s != "" {
				d.Sections = append(d.Sections, s)
			}
		}
		if o := cell(6); o != "" {
			n, err := strconv.Atoi(o)
			if err != nil {
				problems = append(problems, meeting.Problem{Field: fmt.Sprintf("第 %d 行", line), Message: fmt.Sprintf("排序「%s」应为整数。", o)})
			}
			d.Order = n
		}
		for _, p := range d.Validate() {
			problems = append(problems, meeting.Problem{Field: fmt.Sprintf("第 %d 行", line), Message: p.Message})
		}
		out = append(out, d)
	}
	if len(problems) > 0 {
		return nil, &meeting.Error{Code: meeting.CodeInvalid, Message: "CSV 文件中有以下问题，未导入任何单位：", Problems: problems}
	}
	return out, nil
}

// mergeDepartments joins imported entries into the directory by name: an existing
// department takes the imported values (keeping its ID), a new one is appended.
func mergeDepartments(dir, imported []meeting.Department) []meeting.Department {
	byName := map[string]int{}
	maxOrder := 0
	for i, d := range dir {
		byName[d.Name] = i
		maxOrder = max(maxOrder, d.Order)
	}
	var out []meeting.Department
	for _, d := range imported {
		if i, ok := byName[d.Name]; ok {
			d.ID = dir[i].ID
			if d.Order == 0 {
				d.Order = dir[i].Order
			}
		} else if d.Order == 0 {
			maxOrder++
			d.Order = maxOrder
		}
		out = append(out, d)
	}
	return out
}
