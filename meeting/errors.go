package meeting

import (
	"errors"
	"fmt"
	"strings"
)

// Code classifies an error for the program; the Message of an Error is for the person.
type Code string

// Error codes. They are stable: the CLI maps them to exit codes and tests compare them.
const (
	CodeInvalid  Code = "invalid"   // the input breaks a rule; Problems says which
	CodeLocked   Code = "locked"    // the meeting is finalized and cannot be edited in place
	CodeState    Code = "state"     // the lifecycle transition is not allowed from this state
	CodeNotFound Code = "not_found" // no such record
	CodeInUse    Code = "in_use"    // the data is held by another Backstop process
	CodeCorrupt  Code = "corrupt"   // the data file failed its integrity check
	CodeConflict Code = "conflict"  // the record changed underneath, or clashes with another
	CodeReadOnly Code = "read_only" // the data folder or file cannot be written: a read-only mount, permissions
	CodeStorage  Code = "storage"   // the disk failed underneath: full, an I/O error
	CodeInternal Code = "internal"  // a bug or an unexpected failure
)

// Error carries two faces: a Code for the program and a Chinese Message for the person.
// Err, when set, is the underlying cause, kept for logs and errors.Is.
type Error struct {
	Code     Code
	Message  string
	Problems Problems
	Err      error
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Message)
	if len(e.Problems) > 0 {
		for _, p := range e.Problems {
			b.WriteString("\n")
			b.WriteString(p.String())
		}
	}
	if e.Err != nil {
		b.WriteString("（")
		b.WriteString(e.Err.Error())
		b.WriteString("）")
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// Is reports whether target is an *Error with the same Code, so that callers can
// write errors.Is(err, meeting.ErrLocked) for any locked-meeting error.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

// Sentinels for errors.Is. Functions return richer *Error values with the same codes.
var (
	ErrInvalid  = &Error{Code: CodeInvalid, Message: "输入有误"}
	ErrLocked   = &Error{Code: CodeLocked, Message: "该会议纪要已定稿锁定，不能直接修改；如需更改，请先发起修订并填写修订理由。"}
	ErrState    = &Error{Code: CodeState, Message: "当前状态下不能进行此操作"}
	ErrNotFound = &Error{Code: CodeNotFound, Message: "未找到该记录"}
	ErrInUse    = &Error{Code: CodeInUse, Message: "数据正被另一个 Backstop 窗口使用。请先关闭那个窗口，再重新打开。"}
	ErrCorrupt  = &Error{Code: CodeCorrupt, Message: "数据文件已损坏"}
	ErrConflict = &Error{Code: CodeConflict, Message: "记录已被修改或与已有记录冲突"}
	ErrStorage  = &Error{Code: CodeStorage, Message: "无法写入数据"}
	ErrReadOnly = &Error{Code: CodeReadOnly, Message: "数据文件夹只读，不能修改数据"}
)

// Errorf returns an *Error with the given code and Chinese message, wrapping cause.
func Errorf(code Code, message string, cause error) *Error {
	return &Error{Code: code, Message: message, Err: cause}
}

// ErrorCode returns the Code of err, CodeInternal for a foreign error, "" for nil.
func ErrorCode(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return CodeInternal
}

// MaxListedProblems is how many problems ErrorMessage lists; the rest are counted.
// A file of 10,000 bad agenda items gets a page, not 10,000 lines.
const MaxListedProblems = 20

// ErrorMessage returns the sentence to show a person: the Chinese message of an
// *Error with its first MaxListedProblems problems and the count of the others. It
// is the one place errors become text for people: a foreign error, which only a bug
// lets through untranslated, gets a generic sentence, never its own text (Go type
// names and library strings are for logs, through Error).
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		var b strings.Builder
		b.WriteString(e.Message)
		for i, p := range e.Problems {
			if i == MaxListedProblems {
				fmt.Fprintf(&b, "\n……另有 %d 处问题未列出，请先改正以上各处。", len(e.Problems)-i)
				break
			}
			b.WriteString("\n")
			b.WriteString(p.String())
		}
		return b.String()
	}
	return "发生内部错误，操作未完成。请记下当时的操作，联系技术支持。"
}

// Problem is one broken rule: Field is the JSON path of the field (also used by the
// UI to place the message), Message a Chinese sentence that names the field.
type Problem struct {
	Field   string `json:"field"`
	Message string `json:"message"`
	// Rule names the rule for the program when one needs telling apart
	// (ProblemText), else "".
	Rule string `json:"-"`
}

func (p Problem) String() string {
	if p.Field == "" {
		return p.Message
	}
	return p.Field + "：" + p.Message
}

// Problems is every broken rule found, in the order of the fields.
type Problems []Problem

// Err returns nil when there are no problems, and an *Error with CodeInvalid otherwise.
func (ps Problems) Err() error {
	if len(ps) == 0 {
		return nil
	}
	return &Error{Code: CodeInvalid, Message: "请修改以下内容：", Problems: ps}
}

// For returns the messages for one field path, for placing next to a form field.
func (ps Problems) For(field string) []string {
	var out []string
	for _, p := range ps {
		if p.Field == field {
			out = append(out, p.Message)
		}
	}
	return out
}

// ProblemsOf extracts the problems carried by err, if any.
func ProblemsOf(err error) Problems {
	var e *Error
	if errors.As(err, &e) {
		return e.Problems
	}
	return nil
}
