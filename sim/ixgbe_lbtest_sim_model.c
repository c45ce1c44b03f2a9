// SPDX-License-Identifier: GPL-2.0
/*
 * Test flavour only: a software model of an 82599's queue 0 with its MAC
 * in loopback, for running the ethtool loopback self-test without a NIC.
 *
 * The model sees only what the hardware sees: a register file (ring bases,
 * lengths, heads and tails, the Rx buffer size) and memory reached through
 * DMA addresses. Its engine thread polls the Tx tail, as a DMA engine is
 * woken by a tail write; fetches each frame through its Tx descriptors;
 * writes it into the buffer of the next Rx descriptor; and writes back
 * both descriptors in the advanced format, with the ordering a PCIe device
 * guarantees. It does not chain Rx buffers, offload, filter or count
 * anything the loopback test does not use.
 *
 * DMA addresses are turned back into memory with dma_to_phys(), as for a
 * device behind dma-direct: the port's platform device is never bound to
 * a driver, so no IOMMU translates for it, and a bounce buffer, if one is
 * used, is written as a device would write it.
 *
 * Faults in the timing of the write-backs, for the KUnit tests of the
 * loop, take effect at the next start, i.e. the next self-test run. The
 * emulated NIC (qemu/) has the faults of the data.
 */

#include <linux/delay.h>
#include <linux/dma-direct.h>
#include <linux/highmem.h>
#include <linux/kthread.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "ixgbe.h"
#include "ixgbe_lbtest_sim.h"

/* Register offsets of the 82599 BAR0 are all below this. */
#define IXGBE_LBSIM_REGS_SIZE		SZ_128K
/* The engine's poll of the Tx tail when idle: a doorbell's latency. */
#define IXGBE_LBSIM_POLL_MIN_US		20
#define IXGBE_LBSIM_POLL_MAX_US		100
#define IXGBE_LBSIM_MAX_FRAME		IXGBE_MAX_JUMBO_FRAME_SIZE
#define IXGBE_LBSIM_TXD_LEN_MASK	0xFFFF
#define IXGBE_LBSIM_DESC_SIZE		16

static_assert(sizeof(union ixgbe_adv_tx_desc) == IXGBE_LBSIM_DESC_SIZE);
static_assert(sizeof(union ixgbe_adv_rx_desc) == IXGBE_LBSIM_DESC_SIZE);

enum ixgbe_lbsim_fault_kind {
	IXGBE_LBSIM_FAULT_NONE,
	IXGBE_LBSIM_FAULT_LATE,
	IXGBE_LBSIM_FAULT_STALL,
};

/* What each fault does to frame number fault_frame of a run. */
static const struct {
	const char *name;
	const char *arg;	/* meaning of the argument, NULL if none */
} ixgbe_lbsim_faults[] = {
	[IXGBE_LBSIM_FAULT_NONE]	= { "none" },
	/* This frame and all after it are held back for a while. */
	[IXGBE_LBSIM_FAULT_LATE]	= { "late", "milliseconds" },
	/* The engine stops: no more write-backs of either ring. */
	[IXGBE_LBSIM_FAULT_STALL]	= { "stall" },
};

struct ixgbe_lbsim_fault {
	enum ixgbe_lbsim_fault_kind kind;
	u32 arg;
};

struct ixgbe_lbsim_ring {
	dma_addr_t base;
	u32 count;
	u32 head;
};

struct ixgbe_lbsim_model {
	struct device *dev;
	u32 *regs;
	struct task_struct *engine;

	/* the next run's fault; fault_lock orders it against start */
	struct mutex fault_lock;
	struct ixgbe_lbsim_fault fault;
	u32 fault_frame;

	/* the run, owned by the engine between start and stop */
	struct ixgbe_lbsim_fault run_fault;
	u32 run_fault_frame;
	struct ixgbe_lbsim_ring tx, rx;
	u32 rx_bufsz;
	u8 *frame;
	u32 frame_len;
	bool frame_ready;
	u32 frame_index;
	bool stalled;
	ktime_t hold_until;

	/* read after a run */
	struct ixgbe_lbsim_counters counters;
};

static u32 ixgbe_lbsim_reg(struct ixgbe_lbsim_model *model, u32 reg)
{
	return READ_ONCE(model->regs[reg / sizeof(u32)]);
}

static void ixgbe_lbsim_set_reg(struct ixgbe_lbsim_model *model, u32 reg,
				u32 value)
{
	WRITE_ONCE(model->regs[reg / sizeof(u32)], value);
}

/*
 * The device's side of DMA: a DMA address is turned back into the page
 * that holds it, which may be a highmem page, so every access is made
 * through a local mapping of one page at a time.
 */
static void ixgbe_lbsim_dma_read(struct ixgbe_lbsim_model *model,
				 dma_addr_t dma, void *buf, u32 len)
{
	phys_addr_t phys = dma_to_phys(model->dev, dma);
	u8 *to = buf;

	while (len) {
		u32 offset = offset_in_page(phys);
		u32 chunk = min_t(u32, len, PAGE_SIZE - offset);

		memcpy_from_page(to, pfn_to_page(PHYS_PFN(phys)), offset, chunk);
		phys += chunk;
		to += chunk;
		len -= chunk;
	}
}

static void ixgbe_lbsim_dma_write(struct ixgbe_lbsim_model *model,
				  dma_addr_t dma, const void *buf, u32 len)
{
	phys_addr_t phys = dma_to_phys(model->dev, dma);
	const u8 *from = buf;

	while (len) {
		u32 offset = offset_in_page(phys);
		u32 chunk = min_t(u32, len, PAGE_SIZE - offset);

		memcpy_to_page(pfn_to_page(PHYS_PFN(phys)), offset, from, chunk);
		phys += chunk;
		from += chunk;
		len -= chunk;
	}
}

/* A single store, for the field that hands a descriptor back. */
static void ixgbe_lbsim_dma_write32(struct ixgbe_lbsim_model *model,
				    dma_addr_t dma, __le32 value)
{
	phys_addr_t phys = dma_to_phys(model->dev, dma);
	u8 *page = kmap_local_page(pfn_to_page(PHYS_PFN(phys)));

	WRITE_ONCE(*(__le32 *)(page + offset_in_page(phys)), value);
	kunmap_local(page);
}

static dma_addr_t ixgbe_lbsim_desc(struct ixgbe_lbsim_ring *ring, u32 index)
{
	return ring->base + index * IXGBE_LBSIM_DESC_SIZE;
}

/*
 * Fetch the Tx descriptor at the head, if the driver has moved the tail
 * past it. Returns true if one was consumed.
 */
static bool ixgbe_lbsim_fetch(struct ixgbe_lbsim_model *model)
{
	struct ixgbe_lbsim_ring *tx = &model->tx;
	u32 tail = ixgbe_lbsim_reg(model, IXGBE_TDT(0));
	union ixgbe_adv_tx_desc desc;
	u32 cmd, len;

	if (tx->head == tail || tail >= tx->count)
		return false;
	/* The driver wrote the descriptors before it moved the tail. */
	dma_rmb();
	ixgbe_lbsim_dma_read(model, ixgbe_lbsim_desc(tx, tx->head), &desc,
			     sizeof(desc));
	cmd = le32_to_cpu(desc.read.cmd_type_len);

	if ((cmd & IXGBE_ADVTXD_DTYP_MASK) == IXGBE_ADVTXD_DTYP_DATA) {
		len = cmd & IXGBE_LBSIM_TXD_LEN_MASK;
		if (model->frame_len + len <= IXGBE_LBSIM_MAX_FRAME)
			ixgbe_lbsim_dma_read(model,
					     le64_to_cpu(desc.read.buffer_addr),
					     model->frame + model->frame_len,
					     len);
		model->frame_len += len;
		model->frame_ready = cmd & IXGBE_TXD_CMD_EOP;
	}

	if (cmd & IXGBE_TXD_CMD_RS) {
		union ixgbe_adv_tx_desc done = {};

		/*
		 * The buffer has been read before the driver, seeing DD, may
		 * unmap and free it.
		 */
		mb();
		done.wb.status = cpu_to_le32(IXGBE_TXD_STAT_DD);
		ixgbe_lbsim_dma_write(model, ixgbe_lbsim_desc(tx, tx->head),
				      &done, sizeof(done));
	}

	tx->head = (tx->head + 1) % tx->count;
	ixgbe_lbsim_set_reg(model, IXGBE_TDH(0), tx->head);
	return true;
}

/* Returns true if the fault keeps the frame from the Rx ring for now. */
static bool ixgbe_lbsim_hold(struct ixgbe_lbsim_model *model)
{
	const struct ixgbe_lbsim_fault *fault = &model->run_fault;

	if (model->frame_index != model->run_fault_frame)
		return false;

	switch (fault->kind) {
	case IXGBE_LBSIM_FAULT_LATE:
		if (!model->hold_until) {
			model->hold_until = ktime_add_ms(ktime_get(), fault->arg);
			model->counters.faults_injected++;
		}
		return ktime_before(ktime_get(), model->hold_until);
	case IXGBE_LBSIM_FAULT_STALL:
		if (!model->stalled)
			model->counters.faults_injected++;
		model->stalled = true;
		return true;
	default:
		return false;
	}
}

/*
 * Write the assembled frame into the buffer of the Rx descriptor at the
 * head. Returns true if the frame left the model (received or dropped).
 */
static bool ixgbe_lbsim_receive(struct ixgbe_lbsim_model *model)
{
	struct ixgbe_lbsim_ring *rx = &model->rx;
	u32 status = IXGBE_RXD_STAT_DD | IXGBE_RXD_STAT_EOP;
	union ixgbe_adv_rx_desc desc;
	u32 len = model->frame_len;
	dma_addr_t buffer;

	if (ixgbe_lbsim_hold(model))
		return false;
	/* A frame too long for the buffer is dropped, as the MAC would. */
	if (len > model->rx_bufsz || len > IXGBE_LBSIM_MAX_FRAME)
		goto done;
	/* No free Rx buffer: the frame waits, as in the Rx packet buffer. */
	if (rx->head == ixgbe_lbsim_reg(model, IXGBE_RDT(0)))
		return false;
	/* The driver wrote the buffer address before it moved the tail. */
	dma_rmb();
	ixgbe_lbsim_dma_read(model, ixgbe_lbsim_desc(rx, rx->head), &desc,
			     sizeof(desc));
	buffer = le64_to_cpu(desc.read.pkt_addr);
	ixgbe_lbsim_dma_write(model, buffer, model->frame, len);

	/*
	 * The frame is in memory before its descriptor says so. ixgbe takes a
	 * non-zero length as the sign of a written-back descriptor, so the
	 * length is stored last, in one store with the VLAN tag.
	 */
	dma_wmb();
	memset(&desc, 0, sizeof(desc));
	desc.wb.upper.status_error = cpu_to_le32(status);
	ixgbe_lbsim_dma_write(model, ixgbe_lbsim_desc(rx, rx->head), &desc,
			      offsetof(union ixgbe_adv_rx_desc, wb.upper.length));
	dma_wmb();
	ixgbe_lbsim_dma_write32(model, ixgbe_lbsim_desc(rx, rx->head) +
				offsetof(union ixgbe_adv_rx_desc, wb.upper.length),
				cpu_to_le32(len));

	rx->head = (rx->head + 1) % rx->count;
	ixgbe_lbsim_set_reg(model, IXGBE_RDH(0), rx->head);
	model->counters.frames_looped++;
	model->counters.last_looped = ktime_get();
done:
	model->frame_index++;
	model->frame_len = 0;
	model->frame_ready = false;
	return true;
}

static int ixgbe_lbsim_engine(void *data)
{
	struct ixgbe_lbsim_model *model = data;

	while (!kthread_should_stop()) {
		bool busy = false;

		if (!model->stalled) {
			if (model->frame_ready)
				busy = ixgbe_lbsim_receive(model);
			else
				busy = ixgbe_lbsim_fetch(model);
		}
		if (busy)
			cond_resched();
		else
			usleep_range(IXGBE_LBSIM_POLL_MIN_US,
				     IXGBE_LBSIM_POLL_MAX_US);
	}
	return 0;
}

static bool ixgbe_lbsim_latch_ring(struct ixgbe_lbsim_model *model,
				   struct ixgbe_lbsim_ring *ring, u32 bal,
				   u32 bah, u32 len, u32 head)
{
	/* a 32-bit dma_addr_t has no high half: the driver wrote 0 there */
	ring->base = (dma_addr_t)((u64)ixgbe_lbsim_reg(model, bah) << 32 |
				  ixgbe_lbsim_reg(model, bal));
	ring->count = ixgbe_lbsim_reg(model, len) / IXGBE_LBSIM_DESC_SIZE;
	ring->head = ixgbe_lbsim_reg(model, head);
	return ring->count && ring->head < ring->count;
}

/**
 * ixgbe_lbsim_model_start - enable the queues, as RXEN/TXDCTL.ENABLE do
 * @model: the model
 *
 * The rings are taken from the registers the driver wrote. The fault last
 * set applies to this run.
 *
 * Return: 0, -EINVAL if the registers describe no usable ring, or the
 * error of starting the engine thread.
 */
int ixgbe_lbsim_model_start(struct ixgbe_lbsim_model *model)
{
	struct task_struct *engine;

	if (!ixgbe_lbsim_latch_ring(model, &model->tx, IXGBE_TDBAL(0),
				    IXGBE_TDBAH(0), IXGBE_TDLEN(0),
				    IXGBE_TDH(0)) ||
	    !ixgbe_lbsim_latch_ring(model, &model->rx, IXGBE_RDBAL(0),
				    IXGBE_RDBAH(0), IXGBE_RDLEN(0),
				    IXGBE_RDH(0)))
		return -EINVAL;
	model->rx_bufsz = (ixgbe_lbsim_reg(model, IXGBE_SRRCTL(0)) &
			   IXGBE_SRRCTL_BSIZEPKT_MASK) <<
			  IXGBE_SRRCTL_BSIZEPKT_SHIFT;
	if (!model->rx_bufsz)
		return -EINVAL;

	mutex_lock(&model->fault_lock);
	model->run_fault = model->fault;
	model->run_fault_frame = model->fault_frame;
	mutex_unlock(&model->fault_lock);

	model->frame_len = 0;
	model->frame_ready = false;
	model->frame_index = 0;
	model->stalled = false;
	model->hold_until = 0;
	memset(&model->counters, 0, sizeof(model->counters));

	engine = kthread_run(ixgbe_lbsim_engine, model, "ixgbe-lbsim/%s",
			     dev_name(model->dev));
	if (IS_ERR(engine))
		return PTR_ERR(engine);
	model->engine = engine;
	return 0;
}

/**
 * ixgbe_lbsim_model_stop - disable the queues
 * @model: the model
 *
 * On return the model no longer touches the rings or their buffers, so the
 * driver may free them.
 */
void ixgbe_lbsim_model_stop(struct ixgbe_lbsim_model *model)
{
	if (!model->engine)
		return;
	kthread_stop(model->engine);
	model->engine = NULL;
}

u8 __iomem *ixgbe_lbsim_model_regs(struct ixgbe_lbsim_model *model)
{
	return (__force u8 __iomem *)model->regs;
}

/* Accepts "NAME" or "NAME ARG", e.g. "late 20" or "none". */
static int ixgbe_lbsim_parse_fault(const char *spec,
				   struct ixgbe_lbsim_fault *fault)
{
	unsigned int kind;
	char name[16];
	bool has_arg;
	int fields;

	fault->arg = 0;
	fields = sscanf(spec, "%15s %u", name, &fault->arg);
	if (fields < 1)
		return -EINVAL;
	has_arg = fields == 2;
	for (kind = 0; kind < ARRAY_SIZE(ixgbe_lbsim_faults); kind++)
		if (!strcmp(name, ixgbe_lbsim_faults[kind].name))
			break;
	if (kind == ARRAY_SIZE(ixgbe_lbsim_faults) ||
	    has_arg != !!ixgbe_lbsim_faults[kind].arg)
		return -EINVAL;
	fault->kind = kind;
	return 0;
}

/**
 * ixgbe_lbsim_model_set_fault - set the fault of the next run
 * @model: the model
 * @spec: the fault, e.g. "late 20", "stall" or "none"
 * @frame: the frame of the run it hits
 *
 * Return: 0, or -EINVAL if @spec names no fault or has the wrong argument.
 */
int ixgbe_lbsim_model_set_fault(struct ixgbe_lbsim_model *model,
				const char *spec, u32 frame)
{
	struct ixgbe_lbsim_fault fault;
	int err;

	err = ixgbe_lbsim_parse_fault(spec, &fault);
	if (err)
		return err;
	mutex_lock(&model->fault_lock);
	model->fault = fault;
	model->fault_frame = frame;
	mutex_unlock(&model->fault_lock);
	return 0;
}

/* What the last run did; valid once it has stopped. */
const struct ixgbe_lbsim_counters *
ixgbe_lbsim_model_counters(struct ixgbe_lbsim_model *model)
{
	return &model->counters;
}

/**
 * ixgbe_lbsim_model_create - a model whose DMA goes through @dev
 * @dev: device the driver maps the rings and buffers for
 *
 * Return: the model, or an ERR_PTR().
 */
struct ixgbe_lbsim_model *ixgbe_lbsim_model_create(struct device *dev)
{
	struct ixgbe_lbsim_model *model;

	model = kzalloc(sizeof(*model), GFP_KERNEL);
	if (!model)
		return ERR_PTR(-ENOMEM);
	model->regs = kvzalloc(IXGBE_LBSIM_REGS_SIZE, GFP_KERNEL);
	model->frame = kvzalloc(IXGBE_LBSIM_MAX_FRAME, GFP_KERNEL);
	if (!model->regs || !model->frame) {
		kvfree(model->frame);
		kvfree(model->regs);
		kfree(model);
		return ERR_PTR(-ENOMEM);
	}
	model->dev = dev;
	mutex_init(&model->fault_lock);
	return model;
}

/* The caller has stopped the model. */
void ixgbe_lbsim_model_destroy(struct ixgbe_lbsim_model *model)
{
	mutex_destroy(&model->fault_lock);
	kvfree(model->frame);
	kvfree(model->regs);
	kfree(model);
}
