# Shared by the benchmark scripts: source it, then call these.

# build_linkhaven ROOT FLAVOUR: builds the provider tool and prints its path.
#   release — default flags; v3 — -Xcc -march=x86-64-v3 (any AVX2 CPU); native — -target-cpu native (this CPU family only).
build_linkhaven() {
  local root=$1 flavour=$2 scratch flags=()
  case "$flavour" in
    release) scratch="$root/.build" ;;
    v3) scratch="$root/.build-v3"; flags=(-Xcc -march=x86-64-v3) ;;
    native) scratch="$root/.build-native"; flags=(-Xswiftc -target-cpu -Xswiftc native) ;;
    *) echo "unknown build flavour '$flavour'" >&2; return 2 ;;
  esac
  swift build --package-path "$root" -c release --product linkhaven --scratch-path "$scratch" ${flags[@]+"${flags[@]}"} >/dev/null
  echo "$scratch/release/linkhaven"
}

# ensure_venv DIR PACKAGE…: makes a Python venv at DIR with the packages, unless DIR already has one.
ensure_venv() {
  local dir=$1; shift
  if [ ! -x "$dir/bin/python" ]; then
    echo "== installing $* into a throwaway venv" >&2
    python3 -m venv "$dir"
    "$dir/bin/pip" install -q "$@"
  fi
}
