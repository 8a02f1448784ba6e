emitc.include <"stdint.h">
emitc.func @noop() {
  emitc.return
}
