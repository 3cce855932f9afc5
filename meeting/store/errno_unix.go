//go:build !windows

package store

import "syscall"

// diskFullErrnos are the errors a full disk or an exhausted quota gives.
var diskFullErrnos = []syscall.Errno{syscall.ENOSPC, syscall.EDQUOT}
