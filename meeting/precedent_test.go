package meeting

import "testing"

func TestBigrams(t *testing.T) {
	q := Bigrams("已建厂房，分期 办证 A1")
	for _, want := range []string{"已建", "建厂", "厂房", "分期", "办证", "a1"} {
		r := []rune(want)
		if _, ok := q[[2]rune{r[0], r[1]}]; !ok {
			t.Errorf("Bigrams lacks %q: %v", want, q)
		}
	}
	if _, ok := q[[2]rune{'房', '分'}]; ok {
		t.Error("a pair across punctuation was made")
	}
	if n := SharedBigrams(q, "二期厂房分期办理"); n != 2 {
		t.Errorf("SharedBigrams = %d, want 2 (厂房, 分期)", n)
	}
	if n := SharedBigrams(Bigrams(""), "厂房"); n != 0 {
		t.Errorf("an empty query shares %d", n)
	}
}
