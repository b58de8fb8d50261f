#!/bin/sh
# kittylog hook shim (@NAME@): written by `kittylog install`, removed by `kittylog uninstall`.
# All logic is in `kittylog hook @NAME@`; see docs/git-integration.md. The hook that was here
# before install, if any, is kept as @NAME@.kittylog-chained and runs first.
kittylog=@KITTYLOG@
kittylog_status=0
kittylog_first=
case ${KITTYLOG_HOOK_DEPTH-} in ''|*[!0-9]*) kittylog_depth=0 ;; *) kittylog_depth=$KITTYLOG_HOOK_DEPTH ;; esac
if [ "$kittylog_depth" -ge 8 ]; then
  echo "kittylog: hook @NAME@ skipped: hooks run each other in a loop ($kittylog_depth deep); check the hooks directory" >&2
  exit 0
fi
KITTYLOG_HOOK_DEPTH=$((kittylog_depth + 1)); export KITTYLOG_HOOK_DEPTH
case $0 in */*) kittylog_chained="${0%/*}/@NAME@.kittylog-chained" ;; *) kittylog_chained="./@NAME@.kittylog-chained" ;; esac
if [ -x "$kittylog_chained" ]; then
  kittylog_interpreter=
  IFS= read -r kittylog_line < "$kittylog_chained" || :
  case $kittylog_line in
    '#!'*)
      kittylog_line=${kittylog_line#??}
      kittylog_line=${kittylog_line#"${kittylog_line%%[! ]*}"}
      case $kittylog_line in */env\ *) kittylog_line=${kittylog_line#*/env }; esac
      kittylog_line=${kittylog_line#"${kittylog_line%%[! ]*}"}
      kittylog_word=${kittylog_line%% *}
      case ${kittylog_word##*/} in sh|dash|ash|ksh|mksh|posh) kittylog_interpreter=$kittylog_line; esac
      ;;
  esac
  if [ "${KITTYLOG_HOOK_SHIM-}" != "$0" ]; then KITTYLOG_HOOK_SHIM=$0; export KITTYLOG_HOOK_SHIM; kittylog_first=1; fi
  if [ -n "$kittylog_interpreter" ]; then
    # shellcheck disable=SC2016 # the chained hook's shell expands it, not this one
    KITTYLOG_CHAINED_HOOK=$kittylog_chained $kittylog_interpreter -c '. "$KITTYLOG_CHAINED_HOOK"' "$0" "$@"
  else
    "$kittylog_chained" "$@"
  fi
  kittylog_status=$?
  [ -n "${kittylog_first-}" ] || exit $kittylog_status
fi
case $kittylog in */*) [ -x "$kittylog" ] || kittylog= ;; *) kittylog= ;; esac
[ -n "$kittylog" ] || kittylog=$(command -v kittylog 2>/dev/null) || kittylog=
if [ -z "$kittylog" ]; then
  echo "kittylog: hook @NAME@ skipped: kittylog is @WHERE@ (run \`kittylog doctor --fix\`)" >&2
  exit $kittylog_status
fi
