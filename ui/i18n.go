package ui

import (
	"io/fs"
	"os"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"github.com/jeandeaual/go-locale"

	"backstop/assets"
)

// Interface languages. The interface is written in Chinese, the default; English is
// chosen in the settings or by an English system locale.
const (
	languageAuto    = ""
	languageChinese = "zh"
	languageEnglish = "en"
)

// prefLanguage is the preference key of the chosen language ("", "zh" or "en").
const prefLanguage = "language"

var languageOnce sync.Once

// resolveLanguage returns the language to show: the preference when set, otherwise
// English for an English system locale and Chinese for every other.
func resolveLanguage(pref string, system fyne.Locale) string {
	switch pref {
	case languageChinese, languageEnglish:
		return pref
	}
	if system != "" && strings.HasPrefix(strings.ToLower(system.LanguageString()), "en") {
		return languageEnglish
	}
	return languageChinese
}

// systemLocale returns the system's locale, or "" when none is set (LANG=C, as on
// many servers and virtual displays). lang.SystemLocale would report "en" then, and
// the interface is Chinese unless English is asked for.
func systemLocale() fyne.Locale {
	loc, err := locale.GetLocale()
	if err != nil {
		return ""
	}
	return fyne.Locale(loc)
}

// setupLanguage loads the translations for language once per process: fyne's lang
// bundle is global, so switching takes a restart. Every key is the Chinese text, so for
// Chinese the interface shows its keys; for English the English table is registered
// both as "en" and as the system locale, so whichever the lang package matches, our
// strings come out in English. LANGUAGE steers fyne's own strings on Linux and macOS.
func setupLanguage(language string) {
	languageOnce.Do(func() {
		file := "translations/zh.json"
		locale := "zh_CN"
		if language == languageEnglish {
			file, locale = "translations/en.json", "en"
		}
		_ = os.Setenv("LANGUAGE", locale)
		data, err := fs.ReadFile(assets.Translations, file)
		if err != nil {
			fyne.LogError("translations missing", err)
			return
		}
		if language == languageEnglish {
			if sys := systemLocale(); sys != "" && sys.LanguageString() != "en" {
				_ = lang.AddTranslationsForLocale(data, sys)
			}
			_ = lang.AddTranslationsForLocale(data, "en")
			return
		}
		_ = lang.AddTranslationsForLocale(data, "zh-Hans")
	})
}
