package pgstore

import (
	"backstop/meeting"
)

// The methods below are not implemented on PostgreSQL yet. Each refuses with a clear
// message instead of giving a result that would look right and be wrong.

// Import is not supported yet: importing a meeting file goes into the bbolt store.
func (s *Store) Import(departments []meeting.Department, cases []meeting.Case, m meeting.Meeting) (meeting.Meeting, error) {
	return meeting.Meeting{}, unsupported("导入会议文件")
}
