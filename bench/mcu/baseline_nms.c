/* Baseline for the microcontroller benchmark: greedy NMS as a person would
 * write it in C (the shape of torchvision's CPU kernel): areas once, indices
 * sorted by decreasing score with qsort (ties: lower index first), then each
 * kept box suppresses every later box whose IoU exceeds the threshold.
 * O(N^2) comparisons in the worst case; scratch = 9 bytes per box.
 * Not part of the project's code: it is here only to be measured against. */
#include <stdint.h>
#include <stdlib.h>

#include "baseline_nms.h"

#define MAXF(a, b) ((a) > (b) ? (a) : (b))
#define MINF(a, b) ((a) < (b) ? (a) : (b))

static const float *sort_scores;

static int by_score_desc(const void *a, const void *b) {
  int16_t i = *(const int16_t *)a, j = *(const int16_t *)b;
  if (sort_scores[i] != sort_scores[j])
    return sort_scores[i] > sort_scores[j] ? -1 : 1;
  return i - j;
}

static int16_t order[BASELINE_MAX_BOXES];
static float areas[BASELINE_MAX_BOXES];
static uint8_t suppressed[BASELINE_MAX_BOXES];

int32_t baseline_nms(const float (*boxes)[4], const float *scores, int32_t n,
                     float iou_threshold, int32_t *keep) {
  for (int32_t i = 0; i < n; ++i) {
    order[i] = (int16_t)i;
    areas[i] = (boxes[i][2] - boxes[i][0]) * (boxes[i][3] - boxes[i][1]);
    suppressed[i] = 0;
  }
  sort_scores = scores;
  qsort(order, (size_t)n, sizeof order[0], by_score_desc);
  int32_t count = 0;
  for (int32_t a = 0; a < n; ++a) {
    int32_t i = order[a];
    if (suppressed[i])
      continue;
    keep[count++] = i;
    for (int32_t b = a + 1; b < n; ++b) {
      int32_t j = order[b];
      if (suppressed[j])
        continue;
      float w = MAXF(0.0f, MINF(boxes[i][2], boxes[j][2]) - MAXF(boxes[i][0], boxes[j][0]));
      float h = MAXF(0.0f, MINF(boxes[i][3], boxes[j][3]) - MAXF(boxes[i][1], boxes[j][1]));
      float inter = w * h;
      float iou = inter / (areas[i] + areas[j] - inter);
      if (iou > iou_threshold)
        suppressed[j] = 1;
    }
  }
  return count;
}

/* The bundled SSD example (examples/ssd_postprocess.mlir) written by hand:
 * TFLite's anchor decoding, candidates with score >= 0.5 sorted by score,
 * then greedy NMS (IoU > 0.6; IoU = 0 when a box has no area) keeping at
 * most 10 boxes. Only visited candidates are decoded. */
enum { SSD_N = 1917, SSD_MAX = 10 };
static int16_t ssd_order[SSD_N];

static void decode(const float *t, const float *a, float *box) {
  float yc = t[0] / 10.0f * a[2] + a[0];
  float xc = t[1] / 10.0f * a[3] + a[1];
  float hh = 0.5f * expf(t[2] / 5.0f) * a[2];
  float hw = 0.5f * expf(t[3] / 5.0f) * a[3];
  box[0] = yc - hh;
  box[1] = xc - hw;
  box[2] = yc + hh;
  box[3] = xc + hw;
}

int32_t baseline_ssd(const float (*encodings)[4], const float (*anchors)[4],
                     const float *scores, int32_t *keep) {
  int32_t m = 0;
  for (int32_t i = 0; i < SSD_N; ++i)
    if (scores[i] >= 0.5f)
      ssd_order[m++] = (int16_t)i;
  sort_scores = scores;
  qsort(ssd_order, (size_t)m, sizeof ssd_order[0], by_score_desc);
  float kept[SSD_MAX][4], kept_area[SSD_MAX];
  int32_t count = 0;
  for (int32_t a = 0; a < m && count < SSD_MAX; ++a) {
    int32_t i = ssd_order[a];
    float box[4];
    decode(encodings[i], anchors[i], box);
    float area = (box[3] - box[1]) * (box[2] - box[0]);
    int suppressed = 0;
    for (int32_t k = 0; k < count && !suppressed; ++k) {
      float w = MAXF(0.0f, MINF(box[3], kept[k][3]) - MAXF(box[1], kept[k][1]));
      float h = MAXF(0.0f, MINF(box[2], kept[k][2]) - MAXF(box[0], kept[k][0]));
      float inter = w * h;
      float iou = (area <= 0.0f || kept_area[k] <= 0.0f)
                      ? 0.0f
                      : inter / (area + kept_area[k] - inter);
      suppressed = iou > 0.6f;
    }
    if (!suppressed) {
      for (int q = 0; q < 4; ++q)
        kept[count][q] = box[q];
      kept_area[count] = area;
      keep[count++] = i;
    }
  }
  for (int32_t k = count; k < SSD_MAX; ++k)
    keep[k] = -1;
  return count;
}
