// Runs the bundled SSD post-processing example (decode 1917 anchors + NMS) on
// deterministic pseudo-random inputs and prints every output bit pattern, so
// that the host run and an emulated-chip run can be compared exactly.
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "ssd.h"

enum { N = 1917, CASES = 8 };

static uint32_t state = 12345u;
static float uniform(float lo, float hi) {
  state = state * 1664525u + 1013904223u;
  return lo + (hi - lo) * (float)(state >> 8) / 16777216.0f;
}

static float encodings[N][4], anchors[N][4], scores[N];

int main(void) {
  for (int c = 0; c < CASES; ++c) {
    for (int i = 0; i < N; ++i) {
      anchors[i][0] = uniform(0.f, 1.f);
      anchors[i][1] = uniform(0.f, 1.f);
      anchors[i][2] = uniform(0.05f, 0.5f);
      anchors[i][3] = uniform(0.05f, 0.5f);
      for (int k = 0; k < 4; ++k)
        encodings[i][k] = uniform(-3.f, 3.f);
      // A few exact ties and a score exactly at the threshold.
      scores[i] = (i % 97 == 0) ? 0.5f : uniform(0.f, 1.f);
    }
    int32_t keep[SSD_POSTPROCESS_RESULT0_CAPACITY], count[1];
    ssd_postprocess(&encodings[0][0], &anchors[0][0], scores, keep, count);
    printf("case %d: %d kept:", c, (int)count[0]);
    for (int k = 0; k < SSD_POSTPROCESS_RESULT0_CAPACITY; ++k)
      printf(" %d", (int)keep[k]);
    printf("\n");
  }
  return 0;
}
