// The courses from /api/me, or a line saying there are none yet.
import type { CourseSummary } from "../api";

interface Props {
  courses: CourseSummary[];
}

function courseLabel(course: CourseSummary): string {
  const name = course.name ?? `Course ${course.id}`;

  return course.code ? `${course.code} · ${name}` : name;
}

export default function CourseList({ courses }: Props) {
  if (courses.length === 0)
    return <p className="muted">You are not enrolled in any course yet.</p>;

  return (
    <ul className="course-list">
      {courses.map((course) => (
        <li key={course.id} className="course-item">
          <span className="course-name">{courseLabel(course)}</span>
          {course.term && <span className="muted"> {course.term}</span>}
        </li>
      ))}
    </ul>
  );
}
