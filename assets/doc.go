// Package assets holds the files Backstop embeds in its executable: the fonts the
// minutes PDF and the user interface are set in (with their licences beside them in
// fonts/), the translations of the user interface, and the application icon.
//
// It holds bytes only and knows nothing of the domain, the PDF writer or Fyne; the
// packages that use an asset decide what it means.
package assets
