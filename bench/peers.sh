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

# The GEMM's peak in this run (1 and 2 threads), for the floor: an epoch's flops (train --json's flops_per_epoch, counted
# by the library's TrainingFlops) divided by the 2-thread peak. Measured before the runs and again after them; the
# higher of the two is kept (a loaded machine lowers a probe, never raises it).
probe_gemm() {  # name
  echo "probing the GEMM's peak ($1)" >&2
  dotnet run -c Release bench/gemm_probe.cs peak | tail -1 > "$out/gemm-peak-$1.json"
}
keep_best_peak() {
  $py - "$out" <<'PY'
import json, sys
out = sys.argv[1]
a, b = (json.load(open(f"{out}/gemm-peak-{n}.json")) for n in ("before", "after"))
best = {t: max(a["gemm_peak_gflops"][t], b["gemm_peak_gflops"][t]) for t in ("1", "2")}
json.dump({"gemm_peak_gflops": best, "before": a["gemm_peak_gflops"], "after": b["gemm_peak_gflops"], "shapes": a["shapes"]},
          open(f"{out}/gemm-peak.json", "w"))
PY
}

run() {  # name, command...: runs it under /usr/bin/time for its peak RSS; its stdout holds the JSON
  local name=$1; shift
  echo "running $name" >&2
  /usr/bin/time -f '%M' -o "$out/$name.rss" "$@" > "$out/$name.json"
}
