# Sourced by formatting.sh, players.sh and cpu-variants.sh: the eval arguments that read one task
# of the comparison from DIR. MMLU and RACE are read from their dev splits, one file per RACE level.
#   task_source TASK DIR   sets the array `source`
task_source() {
    case $1 in
        mmlu) source=(--task mmlu --data "$2/mmlu_dev.jsonl") ;;
        race_middle | race_high) source=(--task race --data "$2/${1}_dev.jsonl") ;;
        *) source=(--task "$1" --data "$2") ;;
    esac
}
