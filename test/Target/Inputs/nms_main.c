// Runs a 64-box NMS (test/Integration/Inputs/nms64.mlir) on deterministic
// pseudo-random boxes, with ties and boxes exactly touching, and prints the
// kept indices, so that host and emulated-chip runs can be compared exactly.
#include <stdint.h>
#include <stdio.h>

#include "nms.h"

enum { N = 64, CASES = 50 };

static uint32_t state = 7u;
static uint32_t next(void) {
  state = state * 1664525u + 1013904223u;
  return state >> 8;
}

int main(void) {
  static float boxes[N][4], scores[N];
  for (int c = 0; c < CASES; ++c) {
    for (int i = 0; i < N; ++i) {
      float x = (float)(next() % 100), y = (float)(next() % 100);
      boxes[i][0] = x;
      boxes[i][1] = y;
      boxes[i][2] = x + 4.0f + (float)(next() % 40) / 3.0f;
      boxes[i][3] = y + 4.0f + (float)(next() % 40) / 3.0f;
      scores[i] = (float)(next() % 50) / 49.0f; // many exact ties
    }
    int64_t keep[NMS_RESULT0_CAPACITY], count[1];
    nms(&boxes[0][0], scores, keep, count);
    printf("case %d: %d:", c, (int)count[0]);
    for (int k = 0; k < (int)count[0]; ++k)
      printf(" %d", (int)keep[k]);
    printf("\n");
  }
  return 0;
}
