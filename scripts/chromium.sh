# Sourced by run.sh and test.sh: installs Debian's chromium and the fonts the PDF packs name, if missing.
# Chromium draws the static charts (kaleido) and prints the tagged PDFs; it only *recommends* the fonts.
install_chromium() {
  local fonts
  fonts="$(fc-list 2>/dev/null || true)"
  if command -v chromium >/dev/null 2>&1 && [[ "$fonts" == *"Liberation Sans"* ]]; then
    return 0
  fi
  echo "Installing Debian's chromium and fonts (charts and PDF packs)..."
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium fonts-liberation fonts-dejavu-core fontconfig >/dev/null
}
