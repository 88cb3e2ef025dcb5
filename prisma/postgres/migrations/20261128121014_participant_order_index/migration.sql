-- CreateIndex
CREATE INDEX "EventParticipant_eventId_id_idx" ON "EventParticipant"("eventId", "id");
