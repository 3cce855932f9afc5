package ledger

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io/fs"
	"slices"
	"strings"
	"syscall"
	"testing"

	"backstop/export/safefile"
	"backstop/meeting"
)

func TestWriteCSV(t *testing.T) {
	cases, items := fixture(t)
	tests := []struct {
		name string
		opts Options
		want [][]string
	}{
		{"cases of 2026", Options{Year: 2026}, [][]string{
			{"编号", "状态", "受理日期", "类别", "渠道", "申请人", "统一社会信用代码", "诉求标题", "办结日期", "答复/结果"},
			{"7", "已办结", "2026-03-02", "企业投资项目", "兜底窗口·企业", "建德市𠀀新材料有限公司", "91330182MA2H0X1234", "厂房竣工验收, \"消防\"问题", "2026-04-10", "电话：已办结。\n第二行"},
		}},
		{"open cases", Options{CaseStatus: "open"}, [][]string{
			{"编号", "状态", "受理日期", "类别", "渠道", "申请人", "统一社会信用代码", "诉求标题", "办结日期", "答复/结果"},
			{"3", "办理中", "2025-11-20", "不动产权办理", "营商环境咨询热线", "张三", "", "不动产证办理", "", ""},
		}},
		{"items of 2026", Options{Year: 2026, Today: today, Sheet: ItemsSheet}, [][]string{
			{"文号", "议定事项", "牵头单位", "配合单位", "办理时限", "状态", "逾期天数", "办结日期"},
			{"〔2026〕5号", "由市消防救援大队牵头, 出具意见", "市消防救援大队", "市住建局、寿昌镇", "2026-03-20", "办理中", "12", ""},
			{"〔2026〕5号", "办理规划核实", "市规划和自然资源局", "", "2026-03-31", "已办结", "0", "2026-03-30"},
		}},
		{"deliveries of 2026", Options{Year: 2026, Sheet: DeliveriesSheet, Meetings: fixtureMeetings(t)}, [][]string{
			{"文号", "会议名称", "版次", "收件单位", "状态", "送达日期", "送达方式", "签收人", "签收回执"},
			{"〔2026〕5号", "厂房验收协调会", "1", "市消防救援大队", "已签收（回执已存档）", "2026-03-10", "当场领取", "周伟", "2026/5-协调会/receipt-r1-1-市消防救援大队.pdf"},
			{"〔2026〕5号", "厂房验收协调会", "1", "市住建局", "已送达", "2026-03-12", "邮寄", "陈刚", ""},
			{"〔2026〕5号", "厂房验收协调会", "1", "寿昌镇", "未送达", "", "", "", ""},
		}},
		{"undelivered excerpts", Options{Sheet: DeliveriesSheet, Meetings: fixtureMeetings(t), Undelivered: true}, [][]string{
			{"文号", "会议名称", "版次", "收件单位", "状态", "送达日期", "送达方式", "签收人", "签收回执"},
			{"〔2026〕5号", "厂房验收协调会", "1", "寿昌镇", "未送达", "", "", "", ""},
			{"〔2025〕9号", "旧会议", "2", "市住建局", "未送达", "", "", "", ""},
		}},
		{"pending items", Options{ItemStatus: "pending", Today: today, Sheet: ItemsSheet}, [][]string{
			{"文号", "议定事项", "牵头单位", "配合单位", "办理时限", "状态", "逾期天数", "办结日期"},
			{"〔2025〕9号", "旧事项", "市住建局", "", "2025-12-31", "待办理", "91", ""},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteCSV(&buf, cases, items, tt.opts); err != nil {
				t.Fatal(err)
			}
			raw := buf.String()
			if !strings.HasPrefix(raw, "\xEF\xBB\xBF") {
				t.Fatalf("no UTF-8 BOM: % x", raw[:3])
			}
			got, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(raw, bom))).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if !slices.EqualFunc(got, tt.want, slices.Equal) {
				t.Errorf("got\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

func TestWriteCSVQuoting(t *testing.T) {
	cases, items := fixture(t)
	var buf bytes.Buffer
	if err := WriteCSV(&buf, cases, items, Options{Year: 2026}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"厂房竣工验收, ""消防""问题"`, "\"电话：已办结。\r\n第二行\"", "𠀀", "\r\n"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("CSV lacks %q:\n%s", want, buf.String())
		}
	}
}

func TestWriteCSVUnknownSheet(t *testing.T) {
	err := WriteCSV(&bytes.Buffer{}, nil, nil, Options{Sheet: "其他"})
	if !errors.Is(err, ErrSheet) || meeting.ErrorCode(err) != meeting.CodeInvalid || !strings.Contains(meeting.ErrorMessage(err), "表名「其他」无效") {
		t.Errorf("err = %v, want ErrSheet as an invalid-input error naming the sheet in Chinese", err)
	}
}

// failingWriter fails every write, as a full disk does.
type failingWriter struct{ err error }

func (w failingWriter) Write([]byte) (int, error) { return 0, w.err }

// TestWriteXLSXErrors: a disk error is passed on as it is, for safefile to describe
// in Chinese; the workbook's own failures are *meeting.Error.
func TestWriteXLSXErrors(t *testing.T) {
	err := WriteXLSX(failingWriter{&fs.PathError{Op: "write", Path: "台账.xlsx", Err: syscall.ENOSPC}}, nil, nil, Options{})
	if !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("err = %v, want the disk's ENOSPC passed on", err)
	}
	if got := meeting.ErrorMessage(safefile.Describe(err, "台账.xlsx")); !strings.Contains(got, "磁盘空间已满") {
		t.Errorf("described: %q, want the full-disk message", got)
	}
}
