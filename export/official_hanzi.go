package export

import (
	"sync"

	"golang.org/x/text/encoding/simplifiedchinese"
)

var common struct {
	once sync.Once
	text string
}

// commonHanzi returns the 3,755 characters of GB 2312 level 1 (一级汉字), the common
// characters an official font is checked for.
func commonHanzi() string {
	common.once.Do(func() {
		var gb []byte
		for hi := 0xb0; hi <= 0xd7; hi++ {
			for lo := 0xa1; lo <= 0xfe; lo++ {
				if hi == 0xd7 && lo > 0xf9 {
					break
				}
				gb = append(gb, byte(hi), byte(lo))
			}
		}
		out, err := simplifiedchinese.GBK.NewDecoder().Bytes(gb)
		if err == nil {
			common.text = string(out)
		}
	})
	return common.text
}
