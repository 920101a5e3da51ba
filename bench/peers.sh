# Shared by bench/compare.sh and bench/compare_cnn.sh (sourced, from the repository root): installs the Debian
# packages the peers need, builds the CLI, and times each run for its peak memory.

# install_missing PACKAGE...: apt-get installs those not installed yet (with sudo when not root).
install_missing() {
  local need=() pkg sudo=""
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg"); done
  if [ ${#need[@]} -gt 0 ]; then
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}"
  fi
}

py=/usr/bin/python3
out=$(mktemp -d)
dotnet build src/Backprop.Cli -c Release -v q -nologo >/dev/null
cli="dotnet src/Backprop.Cli/bin/Release/net10.0/backprop.dll"

run() {  # name, command...: runs it under /usr/bin/time for its peak RSS; its stdout holds the JSON
  local name=$1; shift
  echo "running $name" >&2
  /usr/bin/time -f '%M' -o "$out/$name.rss" "$@" > "$out/$name.json"
}
