//go:build windows

package ui

import (
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"unsafe"

	"backstop/meeting"
)

// systemPrinters is the platform's printer system: the spooler and the shell.
func systemPrinters() printerSystem { return windowsPrinters{} }

// windowsPrinters lists the printers through the print spooler (winspool.drv) and
// prints with the shell's "printto" verb, which hands the PDF to the program
// registered for it. Windows has no PDF printing of its own: when no program registers
// printto (Edge, the default viewer, does not), the PDF is opened in the default viewer
// and the person prints from there.
type windowsPrinters struct{}

var (
	winspool              = syscall.NewLazyDLL("winspool.drv")
	procEnumPrinters      = winspool.NewProc("EnumPrintersW")
	procGetDefaultPrinter = winspool.NewProc("GetDefaultPrinterW")
	shell32               = syscall.NewLazyDLL("shell32.dll")
	procShellExecute      = shell32.NewProc("ShellExecuteW")
	ole32                 = syscall.NewLazyDLL("ole32.dll")
	procCoInitializeEx    = ole32.NewProc("CoInitializeEx")
	procCoUninitialize    = ole32.NewProc("CoUninitialize")
)

const (
	printerEnumLocal       = 0x2
	printerEnumConnections = 0x4
	errorInsufficientBuf   = syscall.Errno(122)
	swHide                 = 0
	swShowNormal           = 1
	coinitApartment        = 0x2
	coinitDisableOLE1DDE   = 0x4
	createNoWindow         = 0x08000000
)

// printerInfo4 is PRINTER_INFO_4W: two string pointers and the attributes.
type printerInfo4 struct {
	name       uintptr
	server     uintptr
	attributes uint32
}

func (windowsPrinters) Printers() ([]string, error) {
	names, err := spoolerPrinters()
	if err != nil {
		// The spooler API failed (or is missing, as in some Wine prefixes): ask
		// PowerShell, which goes through the same spooler by another road.
		var err2 error
		if names, err2 = powerShellPrinters(); err2 != nil {
			return nil, meeting.Errorf(meeting.CodeState, "无法列出打印机（Windows 打印后台处理程序没有应答）。请确认“Print Spooler”服务正在运行，或先「生成 PDF 并打开」，再从查看程序打印。", errors.Join(err, err2))
		}
	}
	return defaultFirst(names, defaultPrinter()), nil
}

// spoolerPrinters asks EnumPrintersW for the local and connected printers.
func spoolerPrinters() ([]string, error) {
	if err := procEnumPrinters.Find(); err != nil {
		return nil, err
	}
	var needed, returned uint32
	var buf []uint64 // 8-byte aligned, as the structures at its start need
	for range 3 {
		var p uintptr
		if len(buf) > 0 {
			p = uintptr(unsafe.Pointer(&buf[0]))
		}
		r, _, e := procEnumPrinters.Call(printerEnumLocal|printerEnumConnections, 0, 4,
			p, uintptr(len(buf)*8), uintptr(unsafe.Pointer(&needed)), uintptr(unsafe.Pointer(&returned)))
		if r != 0 {
			break
		}
		if e != errorInsufficientBuf {
			return nil, fmt.Errorf("EnumPrintersW: %w", e)
		}
		buf = make([]uint64, (needed+7)/8)
		returned = 0
	}
	if returned == 0 || len(buf) == 0 {
		return nil, nil
	}
	base := unsafe.Pointer(&buf[0])
	words := unsafe.Slice((*uint16)(base), len(buf)*4)
	infos := unsafe.Slice((*printerInfo4)(base), returned)
	names := make([]string, 0, len(infos))
	for _, in := range infos {
		if n := utf16In(words, uintptr(base), in.name); n != "" {
			names = append(names, n)
		}
	}
	return names, nil
}

// utf16In reads the NUL-terminated string at address p, which the spooler placed
// inside the same buffer as the structures (words, starting at base).
func utf16In(words []uint16, base, p uintptr) string {
	if p < base || (p-base)%2 != 0 {
		return ""
	}
	start := int((p - base) / 2)
	if start >= len(words) {
		return ""
	}
	end := start
	for end < len(words) && words[end] != 0 {
		end++
	}
	return syscall.UTF16ToString(words[start:end])
}

// defaultPrinter returns the name of the default printer, "" when there is none.
func defaultPrinter() string {
	if procGetDefaultPrinter.Find() != nil {
		return ""
	}
	n := uint32(256)
	for range 2 {
		buf := make([]uint16, n)
		r, _, e := procGetDefaultPrinter.Call(uintptr(unsafe.Pointer(&buf[0])), uintptr(unsafe.Pointer(&n)))
		if r != 0 {
			return syscall.UTF16ToString(buf)
		}
		if e != errorInsufficientBuf {
			return ""
		}
	}
	return ""
}

// powerShellPrinters lists the printers with Get-Printer, in UTF-8 and without
// flashing a console window.
func powerShellPrinters() ([]string, error) {
	cmd := exec.Command("powershell.exe", "-NoProfile", "-NonInteractive", "-Command",
		"[Console]::OutputEncoding = [Text.Encoding]::UTF8; Get-Printer | ForEach-Object { $_.Name }")
	cmd.SysProcAttr = &syscall.SysProcAttr{HideWindow: true, CreationFlags: createNoWindow}
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("Get-Printer: %w", err)
	}
	var names []string
	for _, line := range strings.Split(strings.TrimPrefix(string(out), "\ufeff"), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			names = append(names, line)
		}
	}
	return names, nil
}

func (w windowsPrinters) Print(printer, file string, copies int) error {
	_, err := w.PrintJob(printer, file, copies)
	return err
}

// PrintJob prints the file copies times with the printto verb. When that is not
// possible it opens the PDF in the default viewer and returns an error wrapping
// errOpenedInViewer that tells the person to print from there. The spooler's job IDs
// are not known to the shell, so the job is never named.
func (windowsPrinters) PrintJob(printer, file string, copies int) (string, error) {
	if err := checkPrintRequest(printer, copies); err != nil {
		return "", err
	}
	if abs, err := filepath.Abs(file); err == nil {
		file = abs
	}
	// The shell may run the verb's handler through COM, which wants an initialized
	// apartment on the calling thread.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if r, _, _ := procCoInitializeEx.Call(0, coinitApartment|coinitDisableOLE1DDE); r == 0 || r == 1 {
		defer procCoUninitialize.Call()
	}

	sent := 0
	var printErr error
	for sent < copies {
		if printErr = shellExecute("printto", file, `"`+printer+`"`, swHide); printErr != nil {
			break
		}
		sent++
	}
	if printErr == nil {
		return "", nil
	}
	if sent > 0 {
		return "", meeting.Errorf(meeting.CodeState, fmt.Sprintf("已向打印机「%s」发送 %d 份，其余 %d 份发送失败：%s。", printer, sent, copies-sent, shellErrorText(printErr)), printErr)
	}
	if openErr := shellExecute("open", file, "", swShowNormal); openErr != nil {
		return "", meeting.Errorf(meeting.CodeState, fmt.Sprintf("无法直接发送到打印机「%s」（%s），也无法用默认程序打开 PDF（%s）。PDF 已保存在：%s", printer, shellErrorText(printErr), shellErrorText(openErr), file), errors.Join(printErr, openErr))
	}
	return "", &meeting.Error{
		Code:    meeting.CodeState,
		Message: fmt.Sprintf("无法直接发送到打印机「%s」（%s）。已用默认的 PDF 程序打开纪要，请在其中选择打印机「%s」、A4 纸，打印 %d 份。", printer, shellErrorText(printErr), printer, copies),
		Err:     errors.Join(errOpenedInViewer, printErr),
	}
}

// shellError is a failure code of ShellExecuteW (a value of 32 or less).
type shellError uintptr

func (e shellError) Error() string { return fmt.Sprintf("ShellExecuteW: error %d", uintptr(e)) }

// shellExecute runs verb on file through the shell.
func shellExecute(verb, file, params string, show int) error {
	if err := procShellExecute.Find(); err != nil {
		return err
	}
	v, err := syscall.UTF16PtrFromString(verb)
	if err != nil {
		return err
	}
	f, err := syscall.UTF16PtrFromString(file)
	if err != nil {
		return err
	}
	var p *uint16
	if params != "" {
		if p, err = syscall.UTF16PtrFromString(params); err != nil {
			return err
		}
	}
	r, _, _ := procShellExecute.Call(0, uintptr(unsafe.Pointer(v)), uintptr(unsafe.Pointer(f)), uintptr(unsafe.Pointer(p)), 0, uintptr(show))
	if r <= 32 {
		return shellError(r)
	}
	return nil
}

// shellErrorText says in Chinese why ShellExecuteW failed.
func shellErrorText(err error) string {
	var se shellError
	if !errors.As(err, &se) {
		return err.Error()
	}
	switch se {
	case 27, 31: // SE_ERR_ASSOCINCOMPLETE, SE_ERR_NOASSOC
		return "系统中没有能直接打印 PDF 的程序"
	case 2, 3: // ERROR_FILE_NOT_FOUND, ERROR_PATH_NOT_FOUND
		return "找不到 PDF 文件"
	case 5: // ERROR_ACCESS_DENIED
		return "没有权限"
	case 26: // SE_ERR_SHARE
		return "文件正被其他程序占用"
	case 28, 29, 30: // SE_ERR_DDETIMEOUT, SE_ERR_DDEFAIL, SE_ERR_DDEBUSY
		return "PDF 程序没有响应"
	case 0, 8: // out of memory
		return "系统内存不足"
	}
	return fmt.Sprintf("系统错误 %d", uintptr(se))
}
