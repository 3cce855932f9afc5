#!/bin/sh
# Installs Backstop from this unpacked archive: the program, its menu entry and its icon.
#   ./install.sh            for the current user (~/.local), no administrator rights needed
#   sudo ./install.sh /usr/local   for every user of the machine
# Run it again to update; `./install.sh --uninstall [PREFIX]` removes what it installed
# (never the data, which stays in ~/.config/backstop).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
uninstall=false
if [ "${1:-}" = "--uninstall" ]; then uninstall=true; shift; fi
prefix=${1:-"$HOME/.local"}
bin="$prefix/bin/backstop"
desktop="$prefix/share/applications/cn.gov.backstop.desktop"
icon="$prefix/share/icons/hicolor/256x256/apps/cn.gov.backstop.png"
if $uninstall; then
  rm -f "$bin" "$desktop" "$icon"
  echo "已卸载 Backstop（数据未删除）。"
  exit 0
fi
install -D -m 0755 "$here/backstop" "$bin"
install -D -m 0644 "$here/cn.gov.backstop.png" "$icon"
mkdir -p "$(dirname "$desktop")"
# The menu entry names the program by its full path: ~/.local/bin is not always on the
# desktop session's PATH.
sed "s|^Exec=backstop$|Exec=$bin|" "$here/cn.gov.backstop.desktop" > "$desktop"
chmod 0644 "$desktop"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$prefix/share/applications" || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$prefix/share/icons/hicolor" 2>/dev/null || true
echo "已安装：$bin"
echo "可从应用菜单「办公」中打开「兜底协调会」，或在终端运行 $bin。"
