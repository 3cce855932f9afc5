package ui

import (
	"bytes"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"backstop/meeting"
)

func TestDirectoryAddEditDeactivateReorder(t *testing.T) {
	h := newHarness(t)
	h.u.tabs.SelectIndex(3) // 部门
	s := h.u.directory
	before := len(s.all)
	tapButton(t, h.u.tabs, "新增单位")
	h.typeInto(s.name, "城市管理局")
	h.typeInto(s.sections, "市容科")
	h.typeInto(s.phone, "12")
	h.autosaved()
	if !s.problems["phone"].Visible() {
		t.Error("a bad phone number shows no message")
	}
	if len(s.all) != before {
		t.Fatal("an invalid department was stored")
	}
	s.phone.SetText("")
	h.typeInto(s.phone, "0571-64710000")
	h.autosaved()
	if len(s.all) != before+1 || s.all[len(s.all)-1].Name != "城市管理局" {
		t.Fatalf("new department not stored last: %d entries", len(s.all))
	}

	// Move it up one place, then deactivate it.
	test.Tap(s.up)
	ds, _ := h.st.Departments()
	if ds[len(ds)-2].Name != "城市管理局" {
		t.Errorf("moving up left it at %q", ds[len(ds)-2].Name)
	}
	test.Tap(s.active)
	h.autosaved()
	ds, _ = h.st.Departments()
	for _, d := range ds {
		if d.Name == "城市管理局" && d.Active {
			t.Error("deactivating was not stored")
		}
	}
}

func TestDepartmentsCSVRoundTrip(t *testing.T) {
	dir := meeting.DefaultDirectory()
	dir[2].Active = false
	dir[3].Phone = "0571-64710000"
	var buf bytes.Buffer
	if err := writeDepartmentsCSV(&buf, dir); err != nil {
		t.Fatal(err)
	}
	got, err := readDepartmentsCSV(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(dir) {
		t.Fatalf("read %d departments, wrote %d", len(got), len(dir))
	}
	for i := range dir {
		a, b := dir[i], got[i]
		if a.Name != b.Name || a.ShortName != b.ShortName || strings.Join(a.Sections, "|") != strings.Join(b.Sections, "|") ||
			a.Phone != b.Phone || a.Active != b.Active || a.Order != b.Order {
			t.Errorf("row %d: wrote %+v, read %+v", i, a, b)
		}
	}
}

func TestDepartmentsCSVRejectsBadRows(t *testing.T) {
	tests := []struct {
		name, csv, want string
	}{
		{"no header", "自然资源和规划局,资规局\n", "表头"},
		{"empty name", "单位名称,简称,科室\n,资规局,\n", "第 2 行：请填写单位名称"},
		{"bad phone", "单位名称,简称,科室,联系人,联系电话\n资规局,,,,12\n", "第 2 行：联系电话「12」不是有效的电话号码"},
		{"bad order", "单位名称,简称,科室,联系人,联系电话,启用,排序\n资规局,,,,,是,第一\n", "排序「第一」应为整数"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := readDepartmentsCSV(strings.NewReader(tc.csv))
			if msg := meeting.ErrorMessage(err); !strings.Contains(msg, tc.want) {
				t.Errorf("message %q, want it to contain %q", msg, tc.want)
			}
		})
	}
}

func TestDirectoryImportJoinsByName(t *testing.T) {
	h := newHarness(t)
	h.u.tabs.SelectIndex(3) // 部门
	s := h.u.directory
	csv := "单位名称,简称,科室,联系人,联系电话,启用,排序\n自然资源和规划局,资规局,不动产登记科、测绘科,,,是,\n城市管理局,城管局,市容科,,,是,\n"
	imported, err := readDepartmentsCSV(strings.NewReader(csv))
	if err != nil {
		t.Fatal(err)
	}
	before := len(s.all)
	s.importDepartments(imported)
	ds, _ := h.st.Departments()
	if len(ds) != before+1 {
		t.Fatalf("directory has %d entries after import, want %d", len(ds), before+1)
	}
	for _, d := range ds {
		if d.Name == "自然资源和规划局" && strings.Join(d.Sections, "、") != "不动产登记科、测绘科" {
			t.Errorf("existing department not updated: %v", d.Sections)
		}
	}
}
