# One image for every role: APP_ROLE=api | worker | all, plus the Twilio emulator for demos.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY tools ./tools
COPY prisma ./prisma
COPY prisma.config.ts ./
RUN npm ci
COPY . .
RUN NX_DAEMON=false npx nx run-many -t build -p api admin twilio-emulator

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
COPY tools ./tools
COPY prisma ./prisma
COPY prisma.config.ts ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY --from=build /app/dist ./dist
RUN mkdir -p /app/recordings /app/imports /app/exports /app/keys && chown node:node /app/recordings /app/imports /app/exports /app/keys && chmod 700 /app/keys
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s CMD node -e "fetch('http://127.0.0.1:3000/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/apps/api/main.js"]
