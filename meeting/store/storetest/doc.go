// Package storetest gives tests of code built on the store a real read-only data
// folder. CI runs as root, which ignores permission bits, so a chmod does not make a
// folder read-only for it; a read-only bind mount does.
package storetest
