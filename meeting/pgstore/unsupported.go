package pgstore

import (
	"backstop/meeting"
)

// The methods below are not implemented on PostgreSQL yet. Each refuses with a clear
// message instead of giving a result that would look right and be wrong.

// VerifyAll is not supported yet: the bbolt store's check of every revision chain,
// the audit log and the follow-up items has not been ported.
func (s *Store) VerifyAll() ([]meeting.ChainProblem, error) {
	return nil, unsupported("检查全部定稿存档 verify --all")
}

// VerifyChain is not supported yet (see VerifyAll).
func (s *Store) VerifyChain(id meeting.ID) ([]meeting.ChainProblem, error) {
	return nil, unsupported("检查会议纪要的定稿存档")
}

// Import is not supported yet: importing a meeting file goes into the bbolt store.
func (s *Store) Import(departments []meeting.Department, cases []meeting.Case, m meeting.Meeting) (meeting.Meeting, error) {
	return meeting.Meeting{}, unsupported("导入会议文件")
}
